/**
 * Who, besides the trusted accounts, could change code the service runs (SECURITY.md F1).
 * Pure: decided on parsed owners and DACLs (sddl.ts), so every rule is tested on any OS; the
 * Windows side (trusted-code.ts) reads them from the files.
 *
 * The service runs as SYSTEM the files it is given and, in every user's session, its agent. A
 * path is safe only if nobody else can replace what runs:
 * - the **file** itself and the **folder** holding it: no write, append, delete, WRITE_DAC or
 *   WRITE_OWNER for anyone else (a new file in node.exe's folder is a planted DLL);
 * - every **further ancestor**: nobody else may delete or rename entries in it, delete or rename
 *   it, or change its DACL or owner. Creating new entries there is harmless (every user may create
 *   folders in `C:\`), since it does not change the path to the code.
 * - the **owner** of each is trusted: an owner can always rewrite the DACL.
 * Deny entries are ignored: that can only refuse a safe layout, never accept an unsafe one.
 */
import type { Ace, FileSecurity } from './sddl.js';

export const WELL_KNOWN_SID = {
  system: 'S-1-5-18',
  administrators: 'S-1-5-32-544',
  trustedInstaller: 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464',
  creatorOwner: 'S-1-3-0',
  ownerRights: 'S-1-3-4',
} as const;

const ACCESS = {
  WRITE_DATA: 0x2, // FILE_WRITE_DATA, FILE_ADD_FILE
  APPEND_DATA: 0x4, // FILE_APPEND_DATA, FILE_ADD_SUBDIRECTORY
  DELETE_CHILD: 0x40,
  DELETE: 0x10000,
  WRITE_DAC: 0x40000,
  WRITE_OWNER: 0x80000,
  MAXIMUM_ALLOWED: 0x2000000,
  GENERIC_ALL: 0x10000000,
  GENERIC_WRITE: 0x40000000,
} as const;

/** The rights that change the file or folder holding the code, with their names for messages. */
const CHANGES_CODE: readonly (readonly [number, string])[] = [
  [ACCESS.WRITE_DATA, 'write'],
  [ACCESS.APPEND_DATA, 'append'],
  [ACCESS.DELETE_CHILD, 'delete children'],
  [ACCESS.DELETE, 'delete'],
  [ACCESS.WRITE_DAC, 'change permissions'],
  [ACCESS.WRITE_OWNER, 'take ownership'],
  [ACCESS.GENERIC_WRITE, 'write'],
  [ACCESS.GENERIC_ALL, 'full control'],
  [ACCESS.MAXIMUM_ALLOWED, 'full control'],
];
/** On further ancestors: the rights that move or replace what lies below. */
const CHANGES_PATH: readonly (readonly [number, string])[] = CHANGES_CODE.filter(([right]) => right !== ACCESS.WRITE_DATA && right !== ACCESS.APPEND_DATA && right !== ACCESS.GENERIC_WRITE);

/** What a path is to the code: the code file, the folder holding it, or a folder further up. */
export type PathRole = 'file' | 'folder' | 'ancestor';

export interface UntrustedWriter {
  /** The account (SID), or 'Everyone (no DACL)' for a missing or NULL DACL. */
  readonly sid: string;
  /** What it may do, by name: `owner`, `write`, `delete`, … */
  readonly rights: readonly string[];
}

/** SYSTEM, Administrators and TrustedInstaller, plus `extra` (the service's own account under Wine: see trusted-code.ts). */
export function trustedSids(extra: readonly string[] = []): ReadonlySet<string> {
  return new Set([WELL_KNOWN_SID.system, WELL_KNOWN_SID.administrators, WELL_KNOWN_SID.trustedInstaller, ...extra]);
}

function namedRights(mask: number, role: PathRole): string[] {
  const table = role === 'ancestor' ? CHANGES_PATH : CHANGES_CODE;
  return [...new Set(table.filter(([right]) => (mask & right) !== 0).map(([, name]) => name))];
}

function appliesToObject(ace: Ace): boolean {
  // CREATOR OWNER entries only shape what children inherit; OWNER RIGHTS is the owner, checked on its own.
  return ace.type === 'allow' && !ace.inheritOnly && ace.sid !== WELL_KNOWN_SID.creatorOwner && ace.sid !== WELL_KNOWN_SID.ownerRights;
}

/** Everyone outside `trusted` who could change what lies at this path in its `role`; empty when safe. */
export function untrustedWriters(security: FileSecurity, role: PathRole, trusted: ReadonlySet<string>): UntrustedWriter[] {
  const writers = new Map<string, Set<string>>();
  const add = (sid: string, rights: readonly string[]): void => {
    if (rights.length === 0) return;
    const set = writers.get(sid) ?? new Set<string>();
    for (const right of rights) set.add(right);
    writers.set(sid, set);
  };
  if (security.owner === null) add('(no owner)', ['owner']);
  else if (!trusted.has(security.owner)) add(security.owner, ['owner']);
  if (security.dacl === null) add('Everyone (no DACL)', ['full control']);
  else for (const ace of security.dacl) if (appliesToObject(ace) && !trusted.has(ace.sid)) add(ace.sid, namedRights(ace.mask, role));
  return [...writers].map(([sid, rights]) => ({ sid, rights: [...rights] }));
}
