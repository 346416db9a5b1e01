/**
 * Real Windows only (`*.real.win.test.ts`, run by .github/workflows/windows.yml): the refusals
 * Wine does not enforce (docs/windows-facts.md, Wine gotcha 6). Each test checks a denial *and* that the same
 * access works for whom it is meant, so a test cannot pass because nothing works at all.
 *
 * Needs, from the workflow: an elevated administrator running it; a second local account in
 * TANDEM_TEST_OTHER_USER / TANDEM_TEST_OTHER_PASSWORD; the Server service (SMB) running, so that
 * \\localhost\pipe\… really arrives as a remote client.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTandemError } from '@tandem/shared';
import { unelevatedToken } from '../../../src/platform/windows/agent-token.js';
import { ADMIN_PIPE_SDDL, agentPipeSddl } from '../../../src/platform/windows/pipe-acl.js';
import { admitElevatedAdministrator, admitSessionUser } from '../../../src/platform/windows/pipe-client.js';
import { WindowsPipeConnector } from '../../../src/platform/windows/pipe-connector.js';
import { lastError } from '../../../src/platform/windows/win32/call.js';
import { FILE_FLAG, GENERIC_READ, GENERIC_WRITE, OPEN_EXISTING, PIPE, TOKEN } from '../../../src/platform/windows/win32/constants.js';
import { kernel32 } from '../../../src/platform/windows/win32/kernel32.js';
import { openProcessToken } from '../../../src/platform/windows/win32/token.js';
import { ERROR } from '../../../src/platform/windows/win32/win32-error.js';
import { asUser, otherUser } from './other-user.js';
import { currentSessionId, currentUserSid, echo, uniquePipeName } from './pipe-fixtures.js';
import { TestProcessListener } from './test-process-listener.js';

/** The Win32 error of opening `address` (0 when it opens). */
function openError(address: string): number {
  const raw = kernel32().CreateFileW(address, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
  if (raw === null || raw === 0xffffffffffffffffn) return lastError();
  kernel32().CloseHandle(raw);
  return 0;
}

test("another user cannot open a session's agent pipe; the session's user can", async () => {
  const address = uniquePipeName('agent');
  const listener = new TestProcessListener({
    address,
    sddl: agentPipeSddl(currentUserSid()),
    peer: { maxRole: 'user', sessionId: currentSessionId(), endpoint: 'agent:test' },
    admit: admitSessionUser(currentSessionId(), currentUserSid()),
  });
  await listener.listen(echo);
  const other = otherUser();
  try {
    assert.equal(asUser(other, () => openError(address)), ERROR.ACCESS_DENIED);
    assert.equal(openError(address), 0);
  } finally {
    other.close();
    await listener.close();
  }
});

test('a non-elevated process of an administrator cannot use the admin pipe; an elevated one can', async () => {
  const address = uniquePipeName('admin');
  const listener = new TestProcessListener({ address, sddl: ADMIN_PIPE_SDDL, peer: { maxRole: 'admin', sessionId: null, endpoint: 'admin' }, admit: admitElevatedAdministrator });
  await listener.listen(echo);
  const own = openProcessToken(kernel32().GetCurrentProcess(), TOKEN.ALL_ACCESS);
  const limited = unelevatedToken(own.value, 'the test');
  try {
    assert.equal(asUser(limited, () => openError(address)), ERROR.ACCESS_DENIED);
    const stream = await new WindowsPipeConnector(address, { kind: 'process', pid: process.pid }).connect();
    stream.destroy();
  } finally {
    limited.close();
    own.close();
    await listener.close();
  }
});

test('a remote client (over SMB, even from this machine) is rejected; a local one is not', async () => {
  const address = uniquePipeName('admin');
  const listener = new TestProcessListener({ address, sddl: ADMIN_PIPE_SDDL, peer: { maxRole: 'admin', sessionId: null, endpoint: 'admin' }, admit: admitElevatedAdministrator });
  await listener.listen(echo);
  try {
    const remote = address.replace('\\\\.\\pipe\\', '\\\\localhost\\pipe\\');
    const code = openError(remote);
    // Denied by PIPE_REJECT_REMOTE_CLIENTS or the network-logon deny ACE; not "no such path".
    assert.ok(code === ERROR.ACCESS_DENIED || code === ERROR.PIPE_NOT_CONNECTED, `opening ${remote} failed with ${code}`);
    assert.equal(openError(address), 0);
  } finally {
    await listener.close();
  }
});

test('the first instance claims the name: a second server on it is refused', async () => {
  const address = uniquePipeName('agent');
  const options = {
    address,
    sddl: agentPipeSddl(currentUserSid()),
    peer: { maxRole: 'user' as const, sessionId: currentSessionId(), endpoint: 'agent:test' },
    admit: admitSessionUser(currentSessionId(), currentUserSid()),
  };
  const first = new TestProcessListener(options);
  await first.listen(echo);
  try {
    await assert.rejects(new TestProcessListener(options).listen(echo), (error: unknown) => isTandemError(error, 'E_CONFLICT'));
  } finally {
    await first.close();
  }
});

test('only administrators can create a pipe under \\ProtectedPrefix\\Administrators (why Windows 10 1809 is the floor, F10)', () => {
  const address = `\\\\.\\pipe\\ProtectedPrefix\\Administrators\\TandemTest\\prefix-${process.pid}`;
  const create = (): number => {
    const raw = kernel32().CreateNamedPipeW(address, PIPE.ACCESS_DUPLEX | FILE_FLAG.FIRST_PIPE_INSTANCE, PIPE.TYPE_BYTE | PIPE.REJECT_REMOTE_CLIENTS, 1, 0, 0, 0, null);
    if (raw === null || raw === 0xffffffffffffffffn) return lastError();
    kernel32().CloseHandle(raw);
    return 0;
  };
  const other = otherUser();
  try {
    assert.equal(asUser(other, create), ERROR.ACCESS_DENIED);
  } finally {
    other.close();
  }
  assert.equal(create(), 0);
});
