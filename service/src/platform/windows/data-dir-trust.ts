/**
 * When the service may trust what it finds at %ProgramData%\Tandem and inside it (SECURITY.md
 * F2). Users may create folders in %ProgramData%, and the creator owns what they create; an owner
 * can always rewrite the DACL, and a junction or symbolic link sends SYSTEM's writes, renames and
 * deletions wherever its creator likes. So an entry is trusted only when it is not a reparse point
 * and its owner is LocalSystem, Administrators, TrustedInstaller or the service's own account.
 * Plain decisions on facts read through handles (data-dir.ts reads them): no koffi here.
 */
import { DATA_DIR_SDDL } from './pipe-acl.js';
import { FILE_ATTRIBUTE_DIRECTORY, FILE_ATTRIBUTE_REPARSE_POINT } from './win32/constants.js';
import { trustedSids, WELL_KNOWN_SID } from './write-access.js';

/** The machine's own principals by the names data-dir.ts uses; write-access.ts defines them. */
export const SID = {
  LOCAL_SYSTEM: WELL_KNOWN_SID.system,
  ADMINISTRATORS: WELL_KNOWN_SID.administrators,
  TRUSTED_INSTALLER: WELL_KNOWN_SID.trustedInstaller,
} as const;

/** What data-dir.ts reads of one entry, through a handle opened without following links. */
export interface EntryFacts {
  readonly path: string;
  readonly attributes: number;
  readonly ownerSid: string;
}

export type Verdict = { readonly trusted: true } | { readonly trusted: false; readonly reason: string };

const TRUSTED: Verdict = { trusted: true };

/** Owners whose entries the service keeps: the machine's own principals and the service's account. */
export function isTrustedOwner(ownerSid: string, selfSid: string): boolean {
  // The accounts trusted with the service's code (F1), compared without case.
  return trustedSids([selfSid.toUpperCase()]).has(ownerSid.toUpperCase());
}

/** Whether one entry of the data directory (or the directory itself) can be kept. */
export function judgeEntry(facts: EntryFacts, selfSid: string): Verdict {
  if ((facts.attributes & FILE_ATTRIBUTE_REPARSE_POINT) !== 0) return { trusted: false, reason: `${facts.path} is a junction, symbolic link or other reparse point` };
  if (!isTrustedOwner(facts.ownerSid, selfSid)) return { trusted: false, reason: `${facts.path} is owned by ${facts.ownerSid}, not by SYSTEM, Administrators or the service` };
  return TRUSTED;
}

/** What to do with what is found at the data directory's own path. */
export type TopDecision =
  | { readonly action: 'keep' }
  /** Someone untrusted made it: rename it aside (nothing of theirs is deleted) and create the directory afresh. */
  | { readonly action: 'move-aside'; readonly reason: string }
  /** An administrator or the service put something else there: not ours to move; the start fails, saying why. */
  | { readonly action: 'refuse'; readonly reason: string };

/**
 * The data directory's own path: a plain directory with a trusted owner is kept; anything a
 * foreign owner made is moved aside, so no user can stop the service from starting; a link or a
 * file that a trusted owner made is refused rather than moved.
 */
export function judgeDataDir(facts: EntryFacts, selfSid: string): TopDecision {
  if (!isTrustedOwner(facts.ownerSid, selfSid)) return { action: 'move-aside', reason: `${facts.path} is owned by ${facts.ownerSid}, not by SYSTEM, Administrators or the service` };
  if ((facts.attributes & FILE_ATTRIBUTE_REPARSE_POINT) !== 0) return { action: 'refuse', reason: `${facts.path} is a junction, symbolic link or other reparse point (owned by ${facts.ownerSid}); remove it as an administrator` };
  if (!isDirectory(facts.attributes)) return { action: 'refuse', reason: `${facts.path} is a file, not a directory (owned by ${facts.ownerSid}); remove it as an administrator` };
  return { action: 'keep' };
}

export function isDirectory(attributes: number): boolean {
  return (attributes & FILE_ATTRIBUTE_DIRECTORY) !== 0;
}

/** `\\?\C:\x`, `\\?\UNC\srv\x`, `C:\x\` → one comparable spelling (case is not significant). */
export function comparablePath(text: string): string {
  let value = text.replaceAll('/', '\\');
  if (value.toUpperCase().startsWith('\\\\?\\UNC\\')) value = `\\\\${value.slice(8)}`;
  else if (value.startsWith('\\\\?\\')) value = value.slice(4);
  while (value.length > 3 && value.endsWith('\\')) value = value.slice(0, -1);
  return value.toUpperCase();
}

/**
 * The directory must be where it was asked for: a handle that ends up elsewhere went through a
 * link on the way (an ancestor replaced by a junction). `expected` is the long form of the path.
 */
export function judgeFinalPath(finalPath: string, expected: string): Verdict {
  if (comparablePath(finalPath) === comparablePath(expected)) return TRUSTED;
  return { trusted: false, reason: `${expected} resolves to ${finalPath}` };
}

/** Where an untrusted data directory is moved: beside it, named so an administrator sees why. */
export function asidePath(dir: string, now: Date, unique: string): string {
  const stamp = now.toISOString().replaceAll(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${dir}.untrusted-${stamp}-${unique}`;
}

/**
 * The data directory's security descriptor: owner `owner`, a protected DACL of LocalSystem and
 * Administrators inherited by everything created inside. The owner is SY when the service runs as
 * LocalSystem; an administrator's process (tests, tools) cannot name SY without SeRestorePrivilege.
 */
export function dataDirDescriptor(owner: string): string {
  return `O:${owner}${DATA_DIR_SDDL}`;
}

/** A folder inside the data directory, reset to what it would inherit (written out, protected). */
export const DATA_SUBDIR_DACL = DATA_DIR_SDDL;
/** A file inside the data directory: LocalSystem and Administrators only. */
export const DATA_FILE_DACL = 'D:P(A;;FA;;;SY)(A;;FA;;;BA)';
