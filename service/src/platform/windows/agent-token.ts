/**
 * The token an agent runs with: the session user's, never elevated. For an administrator under
 * UAC, WTSQueryUserToken may return the full (elevated) half of a split token; the agent then
 * gets the linked limited half instead. An elevated token without a linked one (UAC off, the
 * built-in Administrator) is restricted: no administrator group, no privileges beyond the basic.
 * Either way its integrity level is at most Medium: CreateRestrictedToken keeps the level of the
 * token it restricts (High for an elevated administrator), so it is lowered here, as Chromium's
 * sandbox lowers its restricted tokens'. action-runner.real.win.test.ts checks it on Windows.
 * The result is checked, and a token that is still elevated is refused, not used.
 */
import { TandemError } from '@tandem/shared';
import { advapi32 } from './win32/advapi32.js';
import { check, checkOut } from './win32/call.js';
import { DISABLE_MAX_PRIVILEGE, LUA_TOKEN, TOKEN, TokenPrimary } from './win32/constants.js';
import { closeAll, ownHandle, type Owned } from './win32/handle.js';
import type { MaybePointer, Out, Pointer } from './win32/koffi.js';
import { sidFromString } from './win32/security.js';
import { capIntegrity, duplicateToken, INTEGRITY, linkedToken, tokenElevation } from './win32/token.js';
import { sessionUserToken } from './wts-session-source.js';
import { ADMINISTRATORS_SID } from './pipe-client.js';

function restrictAdministrator(token: Pointer): Owned {
  // SID_AND_ATTRIBUTES[1] { PSID Sid; DWORD Attributes; } naming Administrators as deny-only.
  const administrators = sidFromString(ADMINISTRATORS_SID);
  try {
    const disable = Buffer.alloc(16);
    disable.writeBigUInt64LE(administrators.value, 0);
    const out: Out<MaybePointer> = [null];
    check('CreateRestrictedToken', advapi32().CreateRestrictedToken(token, DISABLE_MAX_PRIVILEGE | LUA_TOKEN, 1, disable, 0, null, 0, null, out));
    return ownHandle(checkOut('CreateRestrictedToken', out[0]), 'restricted token');
  } finally {
    administrators.close();
  }
}

/**
 * A primary token for the same user as `token`, never elevated and at most at Medium integrity:
 * the linked limited token of a UAC split token, or a restricted copy of an elevated one without
 * a link. The caller closes it.
 */
export function unelevatedToken(token: Pointer, what: string): Owned {
  let limited: Owned | undefined;
  let primary: Owned | undefined;
  try {
    const elevation = tokenElevation(token);
    if (elevation.type === 'full') limited = linkedToken(token);
    else if (elevation.elevated) limited = restrictAdministrator(token);
    primary = duplicateToken(limited?.value ?? token, TokenPrimary, TOKEN.ALL_ACCESS);
    capIntegrity(primary.value, INTEGRITY.medium);
    if (tokenElevation(primary.value).elevated) {
      throw new TandemError('E_FORBIDDEN', `refusing to start ${what}: no unelevated token could be made for its user`);
    }
    const result = primary;
    primary = undefined;
    return result;
  } finally {
    closeAll(primary, limited);
  }
}

/** A primary, unelevated token of `sessionId`'s user, for CreateProcessAsUserW, to start `what` (`an agent in session 2`). The caller closes it. */
export function unelevatedSessionToken(sessionId: number, what: string): Owned {
  const user = sessionUserToken(sessionId);
  if (user === undefined) throw new TandemError('E_UNAVAILABLE', `no user is logged on in session ${sessionId}`);
  try {
    return unelevatedToken(user.value, what);
  } finally {
    user.close();
  }
}
