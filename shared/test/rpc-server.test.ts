import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commands, events, PRODUCT, RpcClient, RpcServer, SocketConnector, SocketListener, socketAddress, TandemError, defaultConfig, type Handlers, type Commands, type Events } from '../src/index.js';

function handlers(): Handlers<Commands, Events> {
  const unused = (): never => {
    throw new TandemError('E_UNAVAILABLE', 'not in this test');
  };
  return {
    status: unused,
    'sessions.list': () => ({ sessions: [] }),
    'agents.restart': ({ sessionId }) => ({ restarted: sessionId === undefined ? [] : [sessionId] }),
    'config.get': unused,
    'config.set': unused,
    'config.reset': unused,
    'notify.broadcast': unused,
    'log.setLevel': ({ level }) => ({ level, previous: 'info' }),
    'diagnostics.collect': unused,
    'agent.settings': () => ({ tray: defaultConfig().tray }),
    'agent.quit': () => ({ ok: true }),
    'agent.action': ({ id }) => ({ accepted: false, message: `no action ${id}` }),
  };
}

describe('RpcServer', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-rpc-'));
  const adminAddress = socketAddress(dir, 'admin');
  const agentAddress = socketAddress(dir, 'agent-1');
  const server = new RpcServer({ commands, events, handlers: handlers(), product: PRODUCT });

  before(async () => {
    await server.attach(new SocketListener({ address: adminAddress, peer: { maxRole: 'admin', sessionId: null, endpoint: 'admin' } }));
    await server.attach(new SocketListener({ address: agentAddress, peer: { maxRole: 'user', sessionId: 1, endpoint: 'agent:1' } }));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const connect = (address: string, role: 'user' | 'admin') =>
    RpcClient.connect({ connector: new SocketConnector(address), commands, events, role, client: 'test/1', product: PRODUCT });

  it('answers a typed call after the handshake', async () => {
    const client = await connect(adminAddress, 'admin');
    assert.equal(client.welcome.role, 'admin');
    assert.equal(client.welcome.sessionId, null);
    assert.deepEqual(await client.call('agents.restart', { sessionId: 4 }), { restarted: [4] });
    client.close();
  });

  it('binds agent connections to their session', async () => {
    const client = await connect(agentAddress, 'user');
    assert.equal(client.welcome.sessionId, 1);
    client.close();
  });

  it('refuses an admin role on an agent endpoint', async () => {
    await assert.rejects(connect(agentAddress, 'admin'), (error: unknown) => error instanceof TandemError && error.code === 'E_FORBIDDEN');
  });

  it('refuses an admin command to a user connection', async () => {
    const client = await connect(agentAddress, 'user');
    await assert.rejects(client.call('sessions.list', {}), { code: 'E_FORBIDDEN', message: 'admin role required for sessions.list' });
    client.close();
  });

  it('rejects invalid params with the path of the problem', async () => {
    const client = await connect(adminAddress, 'admin');
    await assert.rejects(client.call('log.setLevel', { level: 'loud' as 'info' }), (error: unknown) => {
      assert.ok(error instanceof TandemError);
      assert.equal(error.code, 'E_INVALID_PARAMS');
      assert.match(error.message, /^log\.setLevel: level: /);
      return true;
    });
    client.close();
  });
});
