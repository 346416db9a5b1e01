import assert from 'node:assert/strict';
import { test } from 'node:test';
import { impersonationRefusal, sameUserRefusal } from '../../../src/platform/windows/pipe-client.js';
import { ERROR, Win32Error } from '../../../src/platform/windows/win32/win32-error.js';

const client = { pid: 4242, sessionId: 2 };
const own = 'S-1-5-21-1-2-3-1001';

test("console mode's pipes admit a client running as the console service's own user, in any session", () => {
  assert.equal(sameUserRefusal(client, own, own), null);
  assert.equal(sameUserRefusal({ pid: 7, sessionId: 0 }, own, own), null);
});

test('any other account is refused, named by SID', () => {
  assert.equal(sameUserRefusal(client, 'S-1-5-21-1-2-3-1002', own), 'client pid 4242 runs as S-1-5-21-1-2-3-1002, not as S-1-5-21-1-2-3-1001, the user this console service runs as');
  assert.match(sameUserRefusal(client, 'S-1-5-18', own) ?? '', /^client pid 4242 runs as S-1-5-18, not as /);
  // A prefix of the SID is another account (…-1001 is not …-10010).
  assert.notEqual(sameUserRefusal(client, `${own}0`, own), null);
});

test('a client that opened without static SQOS is refused with what it must pass to CreateFileW', () => {
  const refusal = impersonationRefusal(client, new Win32Error('ImpersonateNamedPipeClient', ERROR.CANNOT_IMPERSONATE));
  assert.equal(
    refusal,
    "client pid 4242 opened the pipe without SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION in CreateFileW's flags, so Windows recorded no identity to check before it writes; " +
      'Tandem checks before reading, and refuses it (ImpersonateNamedPipeClient: 1368 ERROR_CANNOT_IMPERSONATE)',
  );
});

test('other failures to look at the client are not explained as missing SQOS', () => {
  assert.equal(impersonationRefusal(client, new Win32Error('ImpersonateNamedPipeClient', ERROR.ACCESS_DENIED)), null);
  assert.equal(impersonationRefusal(client, new Win32Error('OpenThreadToken', ERROR.CANNOT_IMPERSONATE)), null);
  assert.equal(impersonationRefusal(client, new Error('ImpersonateNamedPipeClient failed: 1368')), null);
});
