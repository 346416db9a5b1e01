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
import { agentPipeSddl, ownerOnlyPipeSddl } from '../../../src/platform/windows/pipe-acl.js';
import { WindowsPipeConnector } from '../../../src/platform/windows/pipe-connector.js';
import { admitSameUser, admitSessionUser } from '../../../src/platform/windows/pipe-client.js';
import { currentSessionId, currentUserSid, echo, roundTrip, uniquePipeName } from './pipe-fixtures.js';
import { TestProcessListener } from './test-process-listener.js';

/** An agent pipe, as the service makes it (served here by this process, for one client at most). */
function listenerAt(address: string): TestProcessListener {
  return new TestProcessListener({
    address,
    sddl: agentPipeSddl(currentUserSid()),
    peer: { maxRole: 'user', sessionId: currentSessionId(), endpoint: 'agent:test' },
    admit: admitSessionUser(currentSessionId(), currentUserSid()),
  });
}

/** A pipe as console mode serves it (its user may create instances, so it serves any number of clients). */
function consoleListenerAt(address: string): TestProcessListener {
  return new TestProcessListener({
    address,
    sddl: ownerOnlyPipeSddl(currentUserSid()),
    peer: { maxRole: 'admin', sessionId: null, endpoint: 'admin' },
    admit: admitSameUser(currentUserSid()),
  });
}

test("a Tandem agent pipe, however spelled, must be served by the Tandem service: this test's server is refused", async () => {
  const name = `Tandem\\agent-9-${randomBytes(6).toString('hex')}`;
  for (const spelling of [`//./PIPE/${name.replace('\\', '/')}`, `\\\\?\\pipe\\${name.toUpperCase()}`, `\\\\localhost\\pipe\\${name}`]) {
    // A listener for each spelling: the connector opens the pipe before it refuses the server,
    // and this process may create only one instance of an agent pipe on Windows.
    const listener = listenerAt(`\\\\.\\pipe\\${name}`);
    await listener.listen(echo);
    try {
      const connector = createConnector(spelling, { platform: 'win32', env: {}, serviceName: 'TandemTestNoSuchService' });
      await assert.rejects(connector.connect(), (error: unknown) => isTandemError(error, 'E_UNAVAILABLE') && /TandemTestNoSuchService service is not running/.test(error.message), spelling);
    } finally {
      await listener.close();
    }
  }
});

test("any other pipe is opened when this user's process serves it, under every local spelling", async () => {
  const address = uniquePipeName('console');
  const listener = consoleListenerAt(address);
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
