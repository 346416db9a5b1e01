/**
 * Real Windows only (`*.real.win.test.ts`, run by .github/workflows/windows.yml): the refusals
 * Wine does not enforce (docs/windows-facts.md, Wine gotcha 6). Each test checks a denial *and* that the same
 * access works for whom it is meant, so a test cannot pass because nothing works at all.
 *
 * Needs, from the workflow: an elevated administrator running it; a second local account in
 * TANDEM_TEST_OTHER_USER / TANDEM_TEST_OTHER_PASSWORD and a second administrator in
 * TANDEM_TEST_SECOND_ADMIN_USER / TANDEM_TEST_SECOND_ADMIN_PASSWORD; the Server service (SMB) running, so that
 * \\localhost\pipe\… really arrives as a remote client.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { isTandemError } from '@tandem/shared';
import { unelevatedToken } from '../../../src/platform/windows/agent-token.js';
import { ADMIN_PIPE_SDDL, agentPipeSddl } from '../../../src/platform/windows/pipe-acl.js';
import { admitElevatedAdministrator, admitSessionUser } from '../../../src/platform/windows/pipe-client.js';
import { WindowsPipeConnector } from '../../../src/platform/windows/pipe-connector.js';
import { lastError } from '../../../src/platform/windows/win32/call.js';
import { FILE_FLAG, GENERIC_READ, GENERIC_WRITE, OPEN_EXISTING, PIPE, TOKEN } from '../../../src/platform/windows/win32/constants.js';
import { kernel32 } from '../../../src/platform/windows/win32/kernel32.js';
import type { Owned } from '../../../src/platform/windows/win32/handle.js';
import { openProcessToken, tokenElevation } from '../../../src/platform/windows/win32/token.js';
import { ERROR } from '../../../src/platform/windows/win32/win32-error.js';
import { asUser, LOGON_TYPE, logOn, otherUser } from './other-user.js';
import { currentSessionId, currentUserSid, echo, uniquePipeName } from './pipe-fixtures.js';
import { TestProcessListener } from './test-process-listener.js';

/** The Win32 error of opening `address` (0 when it opens). */
function openError(address: string): number {
  const raw = kernel32().CreateFileW(address, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
  if (raw === null || raw === 0xffffffffffffffffn) return lastError();
  kernel32().CloseHandle(raw);
  return 0;
}

/** The admin pipe as the service makes it, served by this process (for one client: test-process-listener.ts). */
function adminPipeListener(address: string): TestProcessListener {
  return new TestProcessListener({ address, sddl: ADMIN_PIPE_SDDL, peer: { maxRole: 'admin', sessionId: null, endpoint: 'admin' }, admit: admitElevatedAdministrator });
}

/** An interactive logon of the second administrator the workflow creates; the caller closes it. */
function otherAdministrator(): Owned {
  const user = process.env.TANDEM_TEST_SECOND_ADMIN_USER;
  const password = process.env.TANDEM_TEST_SECOND_ADMIN_PASSWORD;
  assert.ok(user && password, 'the workflow creates a second administrator and sets TANDEM_TEST_SECOND_ADMIN_USER and TANDEM_TEST_SECOND_ADMIN_PASSWORD');
  return logOn(user, password, LOGON_TYPE.interactive);
}

/** Win32 errors of a loopback SMB server still starting: no such network path, name deleted, logon failure. */
const SMB_NOT_READY: ReadonlySet<number> = new Set([53, 64, 67, 1326]);

/**
 * Waits until LanmanServer answers on \\localhost\IPC$ (REAL-WINDOWS-REVIEW #29): it answers for
 * its own srvsvc pipe once srv2 serves loopback clients. Returns that pipe's open error.
 */
async function loopbackSmbReady(): Promise<number> {
  let code = 0;
  for (let waited = 0; waited < 60_000; waited += 500) {
    code = openError('\\\\localhost\\pipe\\srvsvc');
    if (!SMB_NOT_READY.has(code)) return code;
    await sleep(500);
  }
  assert.fail(`\\\\localhost\\IPC$ did not answer within 60 s (last error ${code}): is the Server service (LanmanServer) running?`);
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

test("a non-elevated process of an administrator cannot use the admin pipe; an elevated one can", async () => {
  const address = uniquePipeName('admin');
  const listener = adminPipeListener(address);
  await listener.listen(echo);
  // What UAC gives an administrator's interactive logon: the filtered token, BA deny-only.
  const admin = otherAdministrator();
  try {
    assert.deepEqual(tokenElevation(admin.value), { elevated: false, type: 'limited' });
    assert.equal(asUser(admin, () => openError(address)), ERROR.ACCESS_DENIED);
    const stream = await new WindowsPipeConnector(address, { kind: 'process', pid: process.pid }).connect();
    stream.destroy();
  } finally {
    admin.close();
    await listener.close();
  }
});

test("the agent token made for this elevated administrator's process is not elevated and cannot use the admin pipe (REAL-WINDOWS #6)", async () => {
  const address = uniquePipeName('admin');
  const listener = adminPipeListener(address);
  await listener.listen(echo);
  const own = openProcessToken(kernel32().GetCurrentProcess(), TOKEN.ALL_ACCESS);
  try {
    // Without SeTcbPrivilege the linked token is identification-level (win32/token.win.test.ts),
    // which Windows refuses to make primary: the restricted copy of this token is used instead.
    const limited = unelevatedToken(own.value, 'the test');
    try {
      assert.equal(tokenElevation(limited.value).elevated, false);
      assert.equal(asUser(limited, () => openError(address)), ERROR.ACCESS_DENIED);
    } finally {
      limited.close();
    }
  } finally {
    own.close();
    await listener.close();
  }
});

test('a remote client (over SMB, even from this machine) is rejected; a local one is not', async (t) => {
  t.diagnostic(`\\\\localhost\\pipe\\srvsvc answered ${await loopbackSmbReady()}`);
  const address = uniquePipeName('admin');
  const listener = adminPipeListener(address);
  await listener.listen(echo);
  try {
    const remote = address.replace('\\\\.\\pipe\\', '\\\\localhost\\pipe\\');
    const code = openError(remote);
    t.diagnostic(`opening ${remote} failed with ${code}`);
    // Refused: PIPE_REJECT_REMOTE_CLIENTS gives 233, the network-logon deny entry 5, a slow srv2
    // other codes (53, 64, 1326), so any code but 0 (opened) and 2 (no such pipe: nothing tested).
    assert.notEqual(code, 0, `${remote} opened over SMB`);
    assert.notEqual(code, ERROR.FILE_NOT_FOUND, `${remote} was not found over SMB: the remote path was not tested`);
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
