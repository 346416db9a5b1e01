import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SocketConnector } from '@tandem/shared';
import { createConnector } from '../../src/platform/connector.js';
import { WindowsPipeConnector } from '../../src/platform/windows/pipe-connector.js';
import { ADMIN_PIPE_NAME, agentPipeName } from '../../src/platform/windows/pipe-names.js';

test('Tandem pipes on Windows get the verified pipe connector', () => {
  assert.ok(createConnector(ADMIN_PIPE_NAME, { platform: 'win32' }) instanceof WindowsPipeConnector);
  assert.ok(createConnector(agentPipeName(2), { platform: 'win32', env: {} }) instanceof WindowsPipeConnector);
});

test('console sockets and other pipes get the console connector', () => {
  assert.ok(createConnector('/tmp/tandem-0/admin.sock', { platform: 'linux' }) instanceof SocketConnector);
  assert.ok(createConnector('\\\\.\\pipe\\tandem-console-0123456789ab-admin', { platform: 'win32' }) instanceof SocketConnector);
  assert.ok(createConnector(ADMIN_PIPE_NAME, { platform: 'linux' }) instanceof SocketConnector);
});
