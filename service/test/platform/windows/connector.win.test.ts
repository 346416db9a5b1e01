/**
 * createConnector on Windows, against real pipes: however a Tandem service pipe is spelled, its
 * server is checked against the Tandem service; any other pipe is opened only if a process of
 * this same user serves it (the refusal of another user's server needs real Windows).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { isTandemError } from '@tandem/shared';
import { createConnector } from '../../../src/platform/connector.js';
import { AclPipeListener } from '../../../src/platform/windows/acl-pipe-listener.js';
import { agentPipeSddl } from '../../../src/platform/windows/pipe-acl.js';
import { WindowsPipeConnector } from '../../../src/platform/windows/pipe-connector.js';
import { admitSessionUser } from '../../../src/platform/windows/pipe-client.js';
import { currentSessionId, currentUserSid, echo, roundTrip, uniquePipeName } from './pipe-fixtures.js';

function listenerAt(address: string): AclPipeListener {
  return new AclPipeListener({
    address,
    sddl: agentPipeSddl(currentUserSid()),
    peer: { maxRole: 'user', sessionId: currentSessionId(), endpoint: 'agent:test' },
    admit: admitSessionUser(currentSessionId(), currentUserSid()),
  });
}

test("a Tandem agent pipe, however spelled, must be served by the Tandem service: this test's server is refused", async () => {
  const name = `Tandem\\agent-9-${randomBytes(6).toString('hex')}`;
  const listener = listenerAt(`\\\\.\\pipe\\${name}`);
  await listener.listen(echo);
  try {
    for (const spelling of [`//./PIPE/${name.replace('\\', '/')}`, `\\\\?\\pipe\\${name.toUpperCase()}`, `\\\\localhost\\pipe\\${name}`]) {
      const connector = createConnector(spelling, { platform: 'win32', env: {}, serviceName: 'TandemTestNoSuchService' });
      await assert.rejects(connector.connect(), (error: unknown) => isTandemError(error, 'E_UNAVAILABLE') && /TandemTestNoSuchService service is not running/.test(error.message), spelling);
    }
  } finally {
    await listener.close();
  }
});

test("any other pipe is opened when this user's process serves it, under every local spelling", async () => {
  const address = uniquePipeName('console');
  const listener = listenerAt(address);
  await listener.listen(echo);
  try {
    const name = address.slice('\\\\.\\pipe\\'.length);
    for (const spelling of [address, `//./pipe/${name.replaceAll('\\', '/')}`, `\\\\?\\PIPE\\${name.toUpperCase()}`]) {
      const connector = createConnector(spelling, { platform: 'win32', env: {} });
      assert.ok(connector instanceof WindowsPipeConnector);
      const stream = await connector.connect();
      assert.equal(await roundTrip(stream, spelling), spelling);
      stream.destroy();
    }
  } finally {
    await listener.close();
  }
});
