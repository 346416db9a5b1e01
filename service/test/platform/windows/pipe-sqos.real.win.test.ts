/**
 * Real Windows only: a client that opens a pipe without static SQOS (net.connect, .NET's
 * NamedPipeClientStream by default) cannot be identified before it writes, so Tandem refuses it,
 * and the refusal says what the client must do (REAL-WINDOWS-REVIEW #12). Wine lets the server
 * impersonate itself instead (docs/windows-facts.md, Wine gotcha 6), so only Windows refuses here.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { TestProcessListener } from './test-process-listener.js';
import { agentPipeSddl } from '../../../src/platform/windows/pipe-acl.js';
import { admitSessionUser } from '../../../src/platform/windows/pipe-client.js';
import { WindowsPipeConnector } from '../../../src/platform/windows/pipe-connector.js';
import { closedBy, currentSessionId, currentUserSid, echo, roundTrip, uniquePipeName } from './pipe-fixtures.js';

test('a client without SECURITY_SQOS_PRESENT is refused, and the log says what it must pass; one with it is admitted', async () => {
  const address = uniquePipeName('agent');
  const outcomes: string[] = [];
  let settle: () => void = () => undefined;
  const firstOutcome = new Promise<void>((resolve) => (settle = resolve));
  const listener = new TestProcessListener({
    address,
    // Two clients reach this test process's listener, so its own SID may create the second
    // instance (REAL-WINDOWS-REVIEW #1); admission, not the DACL, is what this test is about.
    sddl: `${agentPipeSddl(currentUserSid())}(A;;FA;;;${currentUserSid()})`,
    peer: { maxRole: 'user', sessionId: currentSessionId(), endpoint: 'agent:test' },
    admit: admitSessionUser(currentSessionId(), currentUserSid()),
    onRejected: (reason) => {
      outcomes.push(`refused: ${reason}`);
      settle();
    },
  });
  await listener.listen((connection) => {
    outcomes.push(`admitted pid ${connection.peer.pid}`);
    settle();
    echo(connection);
  });
  // libuv opens a pipe with CreateFileW and no SQOS flags (dynamic tracking). It writes nothing:
  // a write would give the server the identity and race the check.
  const plain = net.connect(address);
  plain.on('error', () => undefined);
  try {
    await firstOutcome;
    assert.match(outcomes[0] ?? '', /^refused: client pid \d+ opened the pipe without SECURITY_SQOS_PRESENT \| SECURITY_IDENTIFICATION in CreateFileW's flags/);
    await closedBy(plain);
    const verified = await new WindowsPipeConnector(address, { kind: 'process', pid: process.pid }).connect();
    try {
      assert.equal(await roundTrip(verified, 'identified'), 'identified');
    } finally {
      verified.destroy();
    }
    assert.deepEqual(outcomes.slice(1), [`admitted pid ${process.pid}`]);
  } finally {
    plain.destroy();
    await listener.close();
  }
});
