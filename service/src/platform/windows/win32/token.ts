/**
 * Access tokens: whose they are, whether they are elevated, which logon they belong to, and the
 * impersonation of a pipe client. Every function that returns a token returns an `Owned` the
 * caller closes.
 */
import { advapi32 } from './advapi32.js';
import { check, checkOut } from './call.js';
import {
  SE_GROUP_INTEGRITY,
  SecurityIdentification,
  SecurityImpersonation,
  TOKEN,
  TokenElevationType,
  TokenImpersonation,
  TokenInformation,
} from './constants.js';
import { ownHandle, type Owned } from './handle.js';
import { kernel32 } from './kernel32.js';
import { koffi, win32Types, type MaybePointer, type Out, type Pointer } from './koffi.js';
import type { TokenStatistics } from './types.js';
import { Win32Error } from './win32-error.js';
import { sidFromString, sidToString } from './security.js';

/** GetTokenInformation into a buffer of the size the API asks for. */
export function tokenInformation(token: Pointer, infoClass: number): Buffer {
  const needed: Out<number> = [0];
  advapi32().GetTokenInformation(token, infoClass, null, 0, needed);
  const buffer = Buffer.alloc(Math.max(needed[0], 4));
  check('GetTokenInformation', advapi32().GetTokenInformation(token, infoClass, buffer, buffer.length, needed), `class ${infoClass}`);
  return buffer;
}

/**
 * The SID string of a token's user. No account lookup: that may ask a domain controller and block
 * (SECURITY.md I3), and at identification level it cannot even reach LSA (REAL-WINDOWS #13).
 */
export function tokenUserSid(token: Pointer): string {
  const info = tokenInformation(token, TokenInformation.User);
  // TOKEN_USER starts with SID_AND_ATTRIBUTES whose first field points into the same buffer.
  return sidToString(koffi().decode(info, 'void *') as Pointer);
}

export type ElevationType = 'default' | 'full' | 'limited';

export function tokenElevation(token: Pointer): { elevated: boolean; type: ElevationType } {
  const elevated = tokenInformation(token, TokenInformation.Elevation).readUInt32LE(0) !== 0;
  const raw = tokenInformation(token, TokenInformation.ElevationType).readUInt32LE(0);
  const type = raw === TokenElevationType.Full ? 'full' : raw === TokenElevationType.Limited ? 'limited' : 'default';
  return { elevated, type };
}

/** The mandatory integrity level of a token: the RID of its label, S-1-16-<rid> (INTEGRITY.Medium, …). */
export function tokenIntegrityLevel(token: Pointer): number {
  // TOKEN_MANDATORY_LABEL { SID_AND_ATTRIBUTES Label; }: the SID pointer points into the same buffer.
  const label = sidToString(koffi().decode(tokenInformation(token, TokenInformation.IntegrityLevel), 'void *') as Pointer);
  const match = /^S-1-16-(\d+)$/.exec(label);
  if (match === null) throw new TypeError(`Expected an integrity label S-1-16-<level>, got ${label}`);
  return Number(match[1]);
}

/**
 * Sets a token's integrity level to S-1-16-`level`. Lowering it needs only TOKEN_ADJUST_DEFAULT;
 * raising it needs SeTcbPrivilege (MS Learn, SetTokenInformation).
 */
export function setTokenIntegrityLevel(token: Pointer, level: number): void {
  const label = integrityLabel(level);
  check('SetTokenInformation', advapi32().SetTokenInformation(token, TokenInformation.IntegrityLevel, label, label.length), `integrity level S-1-16-${level}`);
}

/**
 * A TOKEN_MANDATORY_LABEL { SID_AND_ATTRIBUTES { PSID Sid; DWORD Attributes; } } (16 bytes on
 * x64) followed by the SID it points to: revision 1, one sub-authority, authority 16 (mandatory
 * label), then the level. The pointer is into the buffer itself, so it is valid while the buffer is.
 */
export function integrityLabel(level: number): Buffer {
  const label = Buffer.alloc(16 + 12);
  label.writeBigUInt64LE(koffi().address(label) + 16n, 0);
  label.writeUInt32LE(SE_GROUP_INTEGRITY, 8);
  label.set([1, 1, 0, 0, 0, 0, 0, 16], 16);
  label.writeUInt32LE(level, 24);
  return label;
}

/** The token linked to a split (UAC) token: the limited one of a full token and vice versa. */
export function linkedToken(token: Pointer): Owned {
  const info = tokenInformation(token, TokenInformation.LinkedToken);
  const handle = koffi().decode(info, 'void *') as MaybePointer;
  return ownHandle(checkOut('GetTokenInformation(TokenLinkedToken)', handle), 'linked token');
}

/** Identifies the logon behind a token (its logon session LUID): differs for every logon. */
export function tokenLogonId(token: Pointer): string {
  const stats = koffi().decode(tokenInformation(token, TokenInformation.Statistics), win32Types().TOKEN_STATISTICS) as TokenStatistics;
  const { HighPart, LowPart } = stats.AuthenticationId;
  return `${(HighPart >>> 0).toString(16)}-${(LowPart >>> 0).toString(16).padStart(8, '0')}`;
}

export function openProcessToken(process: Pointer, access: number): Owned {
  const out: Out<MaybePointer> = [null];
  check('OpenProcessToken', advapi32().OpenProcessToken(process, access, out));
  return ownHandle(checkOut('OpenProcessToken', out[0]), 'process token');
}

/** A new token from `token`; `type` TokenPrimary (to start a process) or TokenImpersonation. */
export function duplicateToken(token: Pointer, type: number, access: number = TOKEN.ALL_ACCESS): Owned {
  const out: Out<MaybePointer> = [null];
  const level = type === TokenImpersonation ? SecurityIdentification : SecurityImpersonation;
  check('DuplicateTokenEx', advapi32().DuplicateTokenEx(token, access, null, level, type, out));
  return ownHandle(checkOut('DuplicateTokenEx', out[0]), 'duplicated token');
}

/**
 * True when the token's user is an enabled member of the group with SID `groupSid` (deny-only
 * groups, such as Administrators in a UAC-filtered token, do not count).
 */
export function isTokenMember(token: Pointer, groupSid: string, impersonationToken = false): boolean {
  const probe = impersonationToken ? undefined : duplicateToken(token, TokenImpersonation, TOKEN.QUERY);
  try {
    return checkMembership(probe?.value ?? token, groupSid);
  } finally {
    probe?.close();
  }
}

/**
 * True when the caller acts as an enabled member of `groupSid`: as the thread's impersonation
 * token if it has one, else as the process's own (CheckTokenMembership with a NULL token).
 */
export function isCallerMember(groupSid: string): boolean {
  return checkMembership(null, groupSid);
}

function checkMembership(token: Pointer | null, groupSid: string): boolean {
  const sid = sidFromString(groupSid);
  try {
    const member: Out<number> = [0];
    check('CheckTokenMembership', advapi32().CheckTokenMembership(token, sid.value, member), groupSid);
    return member[0] !== 0;
  } finally {
    sid.close();
  }
}

/**
 * Runs `inspect` with the token of a named pipe's client, impersonated on this (the JS) thread,
 * and reverts before returning. Nothing else runs on this thread meanwhile: `inspect` is
 * synchronous. If reverting fails the process would go on acting as the client, so it aborts.
 */
export function withPipeClientToken<T>(pipe: Pointer, inspect: (token: Pointer) => T): T {
  check('ImpersonateNamedPipeClient', advapi32().ImpersonateNamedPipeClient(pipe));
  try {
    const out: Out<MaybePointer> = [null];
    check('OpenThreadToken', advapi32().OpenThreadToken(kernel32().GetCurrentThread(), TOKEN.QUERY, 1, out));
    const token = ownHandle(checkOut('OpenThreadToken', out[0]), 'pipe client token');
    try {
      return inspect(token.value);
    } finally {
      token.close();
    }
  } finally {
    if (advapi32().RevertToSelf() === 0) {
      process.stderr.write(`tandem: ${new Win32Error('RevertToSelf', kernel32().GetLastError()).message}; aborting rather than act as a client\n`);
      process.abort();
    }
  }
}
