/**
 * The second local account the Windows workflow creates (TANDEM_TEST_OTHER_USER and
 * TANDEM_TEST_OTHER_PASSWORD), for real-Windows tests that act as someone else. Test-only APIs are
 * declared here rather than in win32/advapi32.ts, which holds what the product uses.
 */
import assert from 'node:assert/strict';
import { advapi32 } from '../../../src/platform/windows/win32/advapi32.js';
import { check, checkOut } from '../../../src/platform/windows/win32/call.js';
import { ownHandle, type Owned } from '../../../src/platform/windows/win32/handle.js';
import { koffi, type MaybePointer, type Out, type Pointer } from '../../../src/platform/windows/win32/koffi.js';

const testApi = (() => {
  const lib = koffi().load('advapi32.dll');
  return {
    LogonUserW: lib.func('int __stdcall LogonUserW(const char16_t *user, const char16_t *domain, const char16_t *password, uint32_t type, uint32_t provider, _Out_ void **token)') as (
      user: string,
      domain: string,
      password: string,
      type: number,
      provider: number,
      token: Out<MaybePointer>,
    ) => number,
    ImpersonateLoggedOnUser: lib.func('int __stdcall ImpersonateLoggedOnUser(void *token)') as (token: Pointer) => number,
  };
})();
/** LogonUserW's logon types: INTERACTIVE as at the console, NETWORK as WinRM, SMB or SSH with a key. */
export const LOGON_TYPE = { interactive: 2, network: 3 } as const;

/** Runs `act` on this thread as the user of `token`, then reverts. Synchronous fs calls run on this thread too. */
export function asUser<T>(token: Owned, act: () => T): T {
  check('ImpersonateLoggedOnUser', testApi.ImpersonateLoggedOnUser(token.value));
  try {
    return act();
  } finally {
    check('RevertToSelf', advapi32().RevertToSelf());
  }
}

/** A logon token of the second local user; the caller closes it. */
export function otherUser(): Owned {
  const user = process.env.TANDEM_TEST_OTHER_USER;
  const password = process.env.TANDEM_TEST_OTHER_PASSWORD;
  assert.ok(user && password, 'the workflow creates a second local user and sets TANDEM_TEST_OTHER_USER and TANDEM_TEST_OTHER_PASSWORD');
  return logOn(user, password, LOGON_TYPE.interactive);
}

/** A logon token of the local account `user`; the caller closes it. A network logon's token is an impersonation token. */
export function logOn(user: string, password: string, type: number): Owned {
  const out: Out<MaybePointer> = [null];
  check('LogonUserW', testApi.LogonUserW(user, '.', password, type, 0, out), `${user}, logon type ${type}`);
  return ownHandle(checkOut('LogonUserW', out[0]), `token of ${user}`);
}
