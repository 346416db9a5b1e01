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
import { accountName, sidFromString, sidToString } from './security.js';

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

/**
 * The user of a token: its SID string and `DOMAIN\name`. The name lookup can block on a domain
 * controller: never call this where a client waits (admission); resolve names off that path.
 */
export function tokenUser(token: Pointer): { sid: string; name: string } {
  const info = tokenInformation(token, TokenInformation.User);
  const sid = koffi().decode(info, 'void *') as Pointer;
  return { sid: sidToString(sid), name: accountName(sid) };
}

export type ElevationType = 'default' | 'full' | 'limited';

export function tokenElevation(token: Pointer): { elevated: boolean; type: ElevationType } {
  const elevated = tokenInformation(token, TokenInformation.Elevation).readUInt32LE(0) !== 0;
  const raw = tokenInformation(token, TokenInformation.ElevationType).readUInt32LE(0);
  const type = raw === TokenElevationType.Full ? 'full' : raw === TokenElevationType.Limited ? 'limited' : 'default';
  return { elevated, type };
}

/** Mandatory integrity levels by their RID (the last part of `S-1-16-<rid>`). */
export const INTEGRITY = { low: 0x1000, medium: 0x2000, high: 0x3000, system: 0x4000 } as const;

/** The RID of a token's mandatory label: INTEGRITY.medium for a standard user's processes. */
export function tokenIntegrity(token: Pointer): number {
  // TOKEN_MANDATORY_LABEL { SID_AND_ATTRIBUTES Label }: the SID pointer first, into the same buffer.
  const sid = sidToString(koffi().decode(tokenInformation(token, TokenInformation.IntegrityLevel), 'void *') as Pointer);
  return Number(sid.slice(sid.lastIndexOf('-') + 1));
}

/**
 * Lowers a token's integrity level to `rid` when it is higher (lowering needs no privilege; a
 * level is never raised here). The token needs TOKEN_ADJUST_DEFAULT.
 */
export function capIntegrity(token: Pointer, rid: number): void {
  if (tokenIntegrity(token) <= rid) return;
  const sid = sidFromString(`S-1-16-${rid}`);
  try {
    const label = Buffer.alloc(16);
    label.writeBigUInt64LE(sid.value, 0);
    label.writeUInt32LE(SE_GROUP_INTEGRITY, 8);
    check('SetTokenInformation', advapi32().SetTokenInformation(token, TokenInformation.IntegrityLevel, label, label.length), `integrity S-1-16-${rid}`);
  } finally {
    sid.close();
  }
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
  const sid = sidFromString(groupSid);
  const probe = impersonationToken ? undefined : duplicateToken(token, TokenImpersonation, TOKEN.QUERY);
  try {
    const member: Out<number> = [0];
    check('CheckTokenMembership', advapi32().CheckTokenMembership(probe?.value ?? token, sid.value, member), groupSid);
    return member[0] !== 0;
  } finally {
    probe?.close();
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
