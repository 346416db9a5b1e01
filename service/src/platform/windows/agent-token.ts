/**
 * The token an agent runs with: the session user's, never elevated. For an administrator under
 * UAC, WTSQueryUserToken may return the full (elevated) half of a split token; the agent then
 * gets the linked limited half instead. An elevated token without a linked one (UAC off, the
 * built-in Administrator, which is how Windows Server runs its administrators) is restricted: no
 * administrator group, no privileges beyond the basic, and Medium integrity, which restricting
 * alone leaves at High (REAL-WINDOWS-REVIEW #9; SAFER lowers it the same way). The result is
 * checked, and a token that is still elevated, or restricted but not at Medium, is refused, not used.
 */
import { TandemError } from '@tandem/shared';
import { advapi32 } from './win32/advapi32.js';
import { check, checkOut } from './win32/call.js';
import { DISABLE_MAX_PRIVILEGE, INTEGRITY, LUA_TOKEN, TOKEN, TokenPrimary } from './win32/constants.js';
import { closeAll, ownHandle, type Owned } from './win32/handle.js';
import type { MaybePointer, Out, Pointer } from './win32/koffi.js';
import { sidFromString } from './win32/security.js';
import { duplicateToken, linkedToken, setTokenIntegrityLevel, tokenElevation, tokenIntegrityLevel } from './win32/token.js';
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
 * A primary token for the same user as `token`, never elevated: the linked limited token of a
 * UAC split token, or a restricted copy at Medium integrity of an elevated one without a link.
 * The caller closes it.
 */
export function unelevatedToken(token: Pointer, what: string): Owned {
  let limited: Owned | undefined;
  let primary: Owned | undefined;
  try {
    const elevation = tokenElevation(token);
    const restricted = elevation.type !== 'full' && elevation.elevated;
    if (elevation.type === 'full') limited = linkedToken(token);
    else if (restricted) limited = restrictAdministrator(token);
    primary = duplicateToken(limited?.value ?? token, TokenPrimary, TOKEN.ALL_ACCESS);
    // Restricting leaves the administrator's High integrity: Electron would run there, where
    // it could drive elevated windows (UIPI lets High send to High) and Chromium's sandbox has
    // known failures (electron#49167). Windows makes a linked limited token Medium itself.
    if (restricted) setTokenIntegrityLevel(primary.value, INTEGRITY.Medium);
    const refusal = agentTokenRefusal(tokenElevation(primary.value).elevated, restricted ? tokenIntegrityLevel(primary.value) : null);
    if (refusal !== null) throw new TandemError('E_FORBIDDEN', `refusing to start ${what}: no unelevated token could be made for its user (${refusal})`);
    const result = primary;
    primary = undefined;
    return result;
  } finally {
    closeAll(primary, limited);
  }
}

/**
 * Why a token made for an agent must not be used, or null. `integrity` is the level Tandem set
 * and read back (a restricted administrator), null where Windows set it (a linked limited token
 * is Medium by construction; Wine 8 models no integrity levels: it reports its limited token as
 * High too, and SetTokenInformation(TokenIntegrityLevel) succeeds there without changing it).
 */
export function agentTokenRefusal(elevated: boolean, integrity: number | null): string | null {
  if (elevated) return 'it is still elevated';
  if (integrity !== null && integrity !== INTEGRITY.Medium) return `its integrity level is S-1-16-${integrity}, not Medium (S-1-16-${INTEGRITY.Medium})`;
  return null;
}

/** A primary, unelevated token of `sessionId`'s user, for CreateProcessAsUserW. The caller closes it. */
export function unelevatedSessionToken(sessionId: number): Owned {
  const user = sessionUserToken(sessionId);
  if (user === undefined) throw new TandemError('E_UNAVAILABLE', `no user is logged on in session ${sessionId}`);
  try {
    return unelevatedToken(user.value, `an agent in session ${sessionId}`);
  } finally {
    user.close();
  }
}
