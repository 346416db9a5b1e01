import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SocketConnector } from '@tandem/shared';
import { chooseAdminAddress, createConnector } from '../../src/platform/connector.js';
import { WindowsPipeConnector } from '../../src/platform/windows/pipe-connector.js';
import { ADMIN_PIPE_NAME, agentPipeName } from '../../src/platform/windows/pipe-names.js';

test('Tandem pipes on Windows get the verified pipe connector, at their canonical address', () => {
  const admin = createConnector(ADMIN_PIPE_NAME, { platform: 'win32' });
  assert.ok(admin instanceof WindowsPipeConnector);
  assert.equal(admin.address, ADMIN_PIPE_NAME.toLowerCase());
  assert.ok(createConnector(agentPipeName(2), { platform: 'win32', env: {} }) instanceof WindowsPipeConnector);
  const odd = createConnector('//LOCALHOST/pipe/ProtectedPrefix/Administrators/Tandem/admin', { platform: 'win32', env: {} });
  assert.ok(odd instanceof WindowsPipeConnector);
  assert.equal(odd.address, ADMIN_PIPE_NAME.toLowerCase());
});

test("every other pipe on Windows also gets the pipe connector (identification level, this user's server)", () => {
  const console = createConnector('\\\\.\\pipe\\tandem-console-0123456789ab-admin', { platform: 'win32', env: {} });
  assert.ok(console instanceof WindowsPipeConnector);
});

test('a remote pipe or a path that is no pipe is refused on Windows before anything is opened', async () => {
  await assert.rejects(createConnector('\\\\server\\pipe\\Tandem\\agent-1-00', { platform: 'win32', env: { COMPUTERNAME: 'WS-042' } }).connect(), {
    code: 'E_FORBIDDEN',
    message: 'refusing \\\\server\\pipe\\Tandem\\agent-1-00: a pipe on server is not this machine\'s Tandem service',
  });
  await assert.rejects(createConnector('C:\\tandem\\admin.sock', { platform: 'win32', env: {} }).connect(), { code: 'E_FORBIDDEN' });
});

test('Unix sockets get the console connector off Windows', () => {
  assert.ok(createConnector('/tmp/tandem-0/admin.sock', { platform: 'linux' }) instanceof SocketConnector);
  assert.ok(createConnector(ADMIN_PIPE_NAME, { platform: 'linux' }) instanceof SocketConnector);
});

test('an elevated tandemctl ignores an admin address that is not one of the service pipes, and says so', async () => {
  const elevated = { platform: 'win32' as const, elevated: () => true };
  const squat = '\\\\.\\pipe\\not-tandem-at-all';
  const choice = await chooseAdminAddress(squat, elevated);
  assert.equal(choice.address, ADMIN_PIPE_NAME);
  assert.match(choice.ignored ?? '', /^ignoring the admin address \\\\\.\\pipe\\not-tandem-at-all \(from --address, TANDEM_ADMIN_ADDRESS or TANDEM_RUNTIME_DIR\)/);
  // A spelling of the service's own pipe is kept (canonical), elevated or not.
  assert.deepEqual(await chooseAdminAddress('//./pipe/ProtectedPrefix/Administrators/Tandem/admin', elevated), { address: ADMIN_PIPE_NAME.toLowerCase() });
  // Unelevated, overrides still work (console mode on a developer machine).
  assert.deepEqual(await chooseAdminAddress(squat, { platform: 'win32', elevated: () => false }), { address: squat });
  assert.deepEqual(await chooseAdminAddress('/run/t/admin.sock', { platform: 'linux', elevated: () => true }), { address: '/run/t/admin.sock' });
});
