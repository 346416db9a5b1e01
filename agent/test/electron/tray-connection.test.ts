import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SocketConnector } from '@tandem/shared';
import { WindowsPipeConnector } from '@tandem/service/platform/windows/pipe-connector';
import { trayConnection } from '../../src/electron/tray-connection.js';

describe('tray connection', () => {
  it("on Windows a Tandem pipe gets the verified connector, and the tray's name says so", () => {
    const { connector, clientName } = trayConnection('\\\\.\\pipe\\Tandem\\agent-2-00ff', 'tandem-tray/0.1.0', { platform: 'win32', env: {} });
    assert.ok(connector instanceof WindowsPipeConnector);
    assert.deepEqual(connector.trust, { kind: 'service', serviceName: 'Tandem' });
    assert.equal(clientName, 'tandem-tray/0.1.0 (verified pipe)');
  });

  it('names the other connectors as they are', () => {
    assert.equal(trayConnection('\\\\.\\pipe\\dev-tray', 'tandem-tray/0.1.0', { platform: 'win32', env: {} }).clientName, 'tandem-tray/0.1.0 (same-user pipe)');
    assert.equal(trayConnection('\\\\other-host\\pipe\\Tandem\\agent-2', 'tandem-tray/0.1.0', { platform: 'win32', env: {} }).clientName, 'tandem-tray/0.1.0 (refused)');
    const socket = trayConnection('/run/user/1000/tandem/agent-1.sock', 'tandem-tray/0.1.0', { platform: 'linux' });
    assert.ok(socket.connector instanceof SocketConnector);
    assert.equal(socket.clientName, 'tandem-tray/0.1.0 (socket)');
  });

  it('fits the hello’s 64 characters, keeping how it connected', () => {
    const { clientName } = trayConnection('\\\\.\\pipe\\Tandem\\agent-2-00ff', `tandem-tray/${'9'.repeat(80)}`, { platform: 'win32', env: {} });
    assert.equal(clientName.length, 64);
    assert.ok(clientName.endsWith(' (verified pipe)'));
  });
});
