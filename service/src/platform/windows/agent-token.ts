/**
 * The token an agent runs with: the session user's, never elevated. For an administrator under
 * UAC, WTSQueryUserToken may return the full (elevated) half of a split token; the agent then
 * gets the linked limited half instead. An elevated token without a usable linked one (UAC off,
 * the built-in Administrator, or a caller without SeTcbPrivilege, which gets the link only at
 * identification level) is restricted: no administrator group, no privileges beyond the basic.
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
import { koffi, win32Types, type MaybePointer, type Out, type Pointer } from './win32/koffi.js';
import { sidFromString } from './win32/security.js';
import type { SidAndAttributes } from './win32/types.js';
import { capIntegrity, duplicateToken, INTEGRITY, linkedToken, tokenElevation } from './win32/token.js';
import { ERROR, isWin32Error } from './win32/win32-error.js';
import { sessionUserToken } from './wts-session-source.js';
import { ADMINISTRATORS_SID } from './pipe-client.js';

function restrictAdministrator(token: Pointer): Owned {
  // SID_AND_ATTRIBUTES[1] naming Administrators as deny-only.
  const administrators = sidFromString(ADMINISTRATORS_SID);
  try {
    const type = win32Types().SID_AND_ATTRIBUTES;
    const disable = Buffer.alloc(koffi().sizeof(type));
    koffi().encode(disable, type, { Sid: administrators.value, Attributes: 0 } satisfies SidAndAttributes);
    const out: Out<MaybePointer> = [null];
    check('CreateRestrictedToken', advapi32().CreateRestrictedToken(token, DISABLE_MAX_PRIVILEGE | LUA_TOKEN, 1, disable, 0, null, 0, null, out));
    return ownHandle(checkOut('CreateRestrictedToken', out[0]), 'restricted token');
  } finally {
    administrators.close();
  }
}

/**
 * The limited half of a split token as a primary token, or undefined when this process may not
 * have it so: the linked token is a primary one only for a caller holding SeTcbPrivilege (the
 * service, as LocalSystem); anyone else, an elevated administrator included, gets an
 * identification-level copy, which DuplicateTokenEx refuses to make primary with
 * 1346 ERROR_BAD_IMPERSONATION_LEVEL (REAL-WINDOWS-REVIEW #6; MS Learn DuplicateTokenEx).
 * Wine hands out the same identification-level copy but does not refuse. The caller closes it.
 */
function linkedPrimaryToken(token: Pointer): Owned | undefined {
  const linked = linkedToken(token);
  try {
    return duplicateToken(linked.value, TokenPrimary, TOKEN.ALL_ACCESS);
  } catch (error) {
    if (isWin32Error(error, ERROR.BAD_IMPERSONATION_LEVEL)) return undefined;
    throw error;
  } finally {
    linked.close();
  }
}

/**
 * A primary token for the same user as `token`, never elevated and at most at Medium integrity:
 * the linked limited token of a UAC split token, or a restricted copy of an elevated one without
 * a usable link. The caller closes it.
 */
export function unelevatedToken(token: Pointer, what: string): Owned {
  let limited: Owned | undefined;
  let primary: Owned | undefined;
  try {
    const elevation = tokenElevation(token);
    primary = elevation.type === 'full' ? linkedPrimaryToken(token) : undefined;
    // No usable linked token: UAC off, the built-in Administrator, or a caller without SeTcbPrivilege.
    const restricted = primary === undefined && elevation.elevated;
    if (restricted) limited = restrictAdministrator(token);
    primary ??= duplicateToken(limited?.value ?? token, TokenPrimary, TOKEN.ALL_ACCESS);
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
