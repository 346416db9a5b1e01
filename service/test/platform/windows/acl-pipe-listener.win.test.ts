/**
 * The listener that serves Tandem's pipes. Tests whose listener serves one client run it in the
 * test process (TestProcessListener checks that Windows would allow that); tests with more clients
 * run it as LocalSystem, as the service does (REAL-WINDOWS-REVIEW #1).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { isTandemError, type IncomingConnection } from '@tandem/shared';
import { pendingWaits } from '../../../src/platform/windows/handle-wait.js';
import { ADMIN_PIPE_SDDL, agentPipeSddl } from '../../../src/platform/windows/pipe-acl.js';
import { admitSessionUser } from '../../../src/platform/windows/pipe-client.js';
import { WindowsPipeConnector } from '../../../src/platform/windows/pipe-connector.js';
import { readPipeDacl } from '../../../src/platform/windows/pipe-inspect.js';
import { closedBy, currentSessionId, currentUserSid, echo, roundTrip, uniquePipeName } from './pipe-fixtures.js';
import { assertSameDescriptor } from './sddl-compare.js';
import { withSystemListener } from './system-listener.js';
import { grantsInstanceCreation, TestProcessListener } from './test-process-listener.js';

const self = { kind: 'process', pid: process.pid } as const;

function agentListener(address: string, userSid = currentUserSid(), onRejected?: (reason: string) => void): TestProcessListener {
  return new TestProcessListener({
    address,
    sddl: agentPipeSddl(currentUserSid()),
    peer: { maxRole: 'user', sessionId: currentSessionId(), endpoint: 'agent:test' },
    admit: admitSessionUser(currentSessionId(), userSid),
    ...(onRejected === undefined ? {} : { onRejected }),
  });
}

test('an agent pipe carries exactly its documented DACL', async () => {
  const address = uniquePipeName('agent');
  const listener = agentListener(address);
  await listener.listen(echo);
  try {
    assertSameDescriptor(await readPipeDacl(address), agentPipeSddl(currentUserSid()));
  } finally {
    await listener.close();
  }
});

test("only SYSTEM may create further instances of the service's pipes: not this test process, not its clients", () => {
  assert.equal(grantsInstanceCreation(agentPipeSddl(currentUserSid())), false);
  assert.equal(grantsInstanceCreation(ADMIN_PIPE_SDDL), false);
  // What lets a process go on serving: console mode's DACL names its own user with full access.
  assert.equal(grantsInstanceCreation(`D:P(A;;FA;;;SY)(A;;FA;;;${currentUserSid()})`), true);
});

test('as LocalSystem: the admin pipe carries exactly its documented DACL and admits an elevated administrator', async () => {
  const served = await withSystemListener('admin', async (server) => {
    assertSameDescriptor(await readPipeDacl(server.address), ADMIN_PIPE_SDDL);
    const stream = await new WindowsPipeConnector(server.address, { kind: 'process', pid: server.pid }).connect();
    assert.equal(await roundTrip(stream, 'admin?'), 'admin?');
    stream.destroy();
  });
  const mine = served.peers.filter((peer) => peer.pid === process.pid);
  assert.equal(mine.length, served.peers.length);
  const { account, ...peer } = mine.at(-1) ?? { account: null };
  assert.deepEqual(peer, { maxRole: 'admin', sessionId: null, endpoint: 'admin', pid: process.pid });
  // Who the token says the client is, for the audit log (F9): this process's own account.
  assert.equal(account?.id, currentUserSid());
  assert.match(account?.name ?? '', /\S/);
});

test('an admitted client gets an ordinary net.Socket with the peer the platform established', async () => {
  const address = uniquePipeName('agent');
  const listener = agentListener(address);
  const connections: IncomingConnection[] = [];
  await listener.listen((connection) => {
    connections.push(connection);
    echo(connection);
  });
  try {
    const stream = await new WindowsPipeConnector(address, self).connect();
    assert.ok(stream instanceof net.Socket);
    const payload = 'x'.repeat(200_000);
    assert.equal(await roundTrip(stream, payload), payload);
    stream.destroy();
    assert.ok(connections[0]?.stream instanceof net.Socket);
    const { account, ...peer } = connections[0]?.peer ?? { account: null };
    assert.deepEqual(peer, { maxRole: 'user', sessionId: currentSessionId(), endpoint: 'agent:test', pid: process.pid });
    assert.equal(account?.id, currentUserSid());
    assert.match(account?.name ?? '', /\S/);
  } finally {
    await listener.close();
  }
});

test('a client that is not the session user is refused before any byte is read', async () => {
  const address = uniquePipeName('agent');
  const reasons: string[] = [];
  let accepted = 0;
  const listener = agentListener(address, 'S-1-5-21-1-2-3-1001', (reason) => reasons.push(reason));
  await listener.listen(() => accepted++);
  try {
    const stream = await new WindowsPipeConnector(address, self).connect();
    stream.write('hello?');
    await closedBy(stream);
    assert.equal(accepted, 0);
    assert.equal(reasons.length, 1);
    // Named by SID alone: admission looks no account name up (SECURITY.md I3).
    assert.match(reasons[0] ?? '', /^client pid \d+ runs as S-1-5(-\d+)+, not as the session's user S-1-5-21-1-2-3-1001$/);
  } finally {
    await listener.close();
  }
});

test('as LocalSystem: the listener keeps accepting, twenty clients one after another', async () => {
  const served = await withSystemListener('agent', async (server) => {
    for (let i = 0; i < 20; i++) {
      const stream = await new WindowsPipeConnector(server.address, { kind: 'process', pid: server.pid }).connect();
      assert.equal(await roundTrip(stream, `n${i}`), `n${i}`);
      stream.destroy();
    }
  });
  assert.equal(served.peers.length, 20);
  assert.deepEqual(served.rejected, []);
});

test('close() cancels the waiting connect, frees its wait, and the name can be listened on again', async () => {
  const address = uniquePipeName('agent');
  const before = pendingWaits();
  const first = agentListener(address);
  await first.listen(echo);
  assert.equal(pendingWaits(), before + 1);
  await first.close();
  assert.equal(pendingWaits(), before);
  await assert.rejects(new WindowsPipeConnector(address, self).connect(), (error: unknown) => isTandemError(error, 'E_UNAVAILABLE'));
  const second = agentListener(address);
  await second.listen(echo);
  const stream = await new WindowsPipeConnector(address, self).connect();
  assert.equal(await roundTrip(stream, 'again'), 'again');
  stream.destroy();
  await second.close();
});

test('the connector refuses a pipe served by a process it does not trust', async () => {
  const address = uniquePipeName('agent');
  const listener = agentListener(address);
  await listener.listen(echo);
  try {
    await assert.rejects(new WindowsPipeConnector(address, { kind: 'process', pid: 4 }).connect(), (error: unknown) => {
      return isTandemError(error, 'E_FORBIDDEN') && /its server is process \d+, not the expected server \(process 4\)/.test(error.message);
    });
  } finally {
    await listener.close();
  }
});

test('the connector says the service is not running when nothing serves the pipe', async () => {
  await assert.rejects(new WindowsPipeConnector(uniquePipeName('none'), self).connect(), (error: unknown) => {
    return isTandemError(error, 'E_UNAVAILABLE') && /not running/.test(error.message);
  });
});
