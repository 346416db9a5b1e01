/**
 * %ProgramData%\Tandem: configuration, its last-known-good copy, the audit log, logs and
 * diagnostics. Owned by SYSTEM with a protected DACL of LocalSystem and Administrators only
 * (inherited by everything inside): users cannot read the audit log or plant a file or a link
 * the service would trust. A diagnostics archive gets its user added by grantRead.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  asidePath,
  DATA_FILE_DACL,
  DATA_SUBDIR_DACL,
  dataDirDescriptor,
  isDirectory,
  judgeDataDir,
  judgeEntry,
  judgeFinalPath,
  SID,
  type Verdict,
} from './data-dir-trust.js';
import { readableByUserSddl } from './pipe-acl.js';
import {
  DACL_SECURITY_INFORMATION,
  OWNER_SECURITY_INFORMATION,
  PROTECTED_DACL_SECURITY_INFORMATION,
  READ_CONTROL,
  TOKEN,
  WRITE_DAC,
  WRITE_OWNER,
} from './win32/constants.js';
import { fileAttributes, finalPath, longPath, openWithoutFollowing, renameEntry } from './win32/files.js';
import type { Owned } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import type { MaybePointer, Out } from './win32/koffi.js';
import { ole32, shell32 } from './win32/shell32.js';
import { readWide } from './win32/wide-string.js';
import { descriptorFromSddl, readHandleOwner, setHandleSecurity, setPathDacl } from './win32/security.js';
import { isTokenMember, openProcessToken, tokenUserSid } from './win32/token.js';
import { ERROR, isWin32Error, Win32Error } from './win32/win32-error.js';

/** FOLDERID_ProgramData, {62AB5D82-FDC1-4DC3-A9DD-070D1D495D97}, as the GUID struct lays it out. */
const FOLDERID_PROGRAM_DATA = Buffer.from('825dab62c1fdc34da9dd070d1d495d97', 'hex');

/**
 * %ProgramData%\Tandem, with the folder asked of Windows (SHGetKnownFolderPath), not read from
 * the environment: the service, the installer's actions and the tests must agree on it, and
 * they run in different environments (under Wine, a service's %ProgramData% is C:\users\Public).
 */
export function defaultDataDir(): string {
  const out: Out<MaybePointer> = [null];
  const result = shell32().SHGetKnownFolderPath(FOLDERID_PROGRAM_DATA, 0, null, out);
  const text = out[0];
  if (text === null) throw new Win32Error('SHGetKnownFolderPath', result >>> 0, 'FOLDERID_ProgramData');
  try {
    if (result !== 0) throw new Win32Error('SHGetKnownFolderPath', result >>> 0, 'FOLDERID_ProgramData');
    return path.win32.join(readWide(text), 'Tandem');
  } finally {
    ole32().CoTaskMemFree(text);
  }
}

/** What ensureDataDir did, for the service log and the Event Log. */
export interface DataDirReport {
  /** The directory was created by this call (fresh, or after moving an untrusted one aside). */
  readonly created: boolean;
  /** Untrusted directories moved out of the way, and why. */
  readonly movedAside: ReadonlyArray<{ readonly to: string; readonly reason: string }>;
}

/** More entries than Tandem ever writes there (a few logs, configuration, archives): not ours. */
const MAX_ENTRIES = 10_000;
const MAX_DEPTH = 4;
const ATTEMPTS = 3;

/**
 * Makes `dir` the service's data directory, trusted (SECURITY.md F2): created with its
 * owner and protected DACL, or, when it exists, opened without following links and checked
 * through that handle. A reparse point, a foreign owner anywhere inside, or anything the service
 * cannot take control of makes the whole directory untrusted: it is renamed aside (the service
 * holds FILE_DELETE_CHILD on %ProgramData%, whatever the directory's own DACL says) and created
 * afresh, so no user can keep the service from starting. A file or link at the path that an
 * administrator made, or a directory that resolves somewhere else (an ancestor is a link), is
 * refused: that is an administrator's doing, not something to repair. Afterwards only SYSTEM and Administrators can
 * create anything inside, so nothing the service later writes, renames or deletes there (logs and
 * their rotation, configuration, diagnostics) can meet a link a user planted.
 */
export function ensureDataDir(dir: string): DataDirReport {
  const parent = path.win32.dirname(dir);
  mkdirSync(parent, { recursive: true });
  const self = selfIdentity();
  const movedAside: Array<{ to: string; reason: string }> = [];
  let created = false;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    created = createDirectory(dir, dataDirDescriptor(self.owner)) || created;
    const verdict = takeControl(dir, self);
    if (verdict.trusted) return { created, movedAside };
    const to = asidePath(dir, new Date(), randomBytes(3).toString('hex'));
    renameEntry(dir, to);
    movedAside.push({ to, reason: verdict.reason });
  }
  throw new Error(`${dir} is still not trustworthy after moving it aside ${ATTEMPTS} times: ${movedAside.map((m) => m.reason).join('; ')}`);
}

interface SelfIdentity {
  /** The SID this process runs as (LocalSystem for the service). */
  readonly sid: string;
  /** The owner to give the directory: SY for the service, else BA for an elevated administrator. */
  readonly owner: string;
}

function selfIdentity(): SelfIdentity {
  const token = openProcessToken(kernel32().GetCurrentProcess(), TOKEN.QUERY | TOKEN.DUPLICATE);
  try {
    const sid = tokenUserSid(token.value);
    if (sid === SID.LOCAL_SYSTEM) return { sid, owner: 'SY' };
    return { sid, owner: isTokenMember(token.value, SID.ADMINISTRATORS) ? 'BA' : sid };
  } finally {
    token.close();
  }
}

/** CreateDirectoryW with the full descriptor; false when something is already there. */
function createDirectory(dir: string, sddl: string): boolean {
  const { descriptor, attributes } = descriptorFromSddl(sddl);
  try {
    if (kernel32().CreateDirectoryW(dir, attributes) !== 0) return true;
    const code = kernel32().GetLastError();
    if (code !== ERROR.ALREADY_EXISTS) throw new Win32Error('CreateDirectoryW', code, dir);
    return false;
  } finally {
    descriptor.close();
  }
}

/** Checks the directory through a handle, sets its owner and DACL through it, then does the same inside. */
function takeControl(dir: string, self: SelfIdentity): Verdict {
  const opened = openEntry(dir, READ_CONTROL | WRITE_DAC | WRITE_OWNER);
  if (!opened.trusted) return opened;
  const { handle } = opened;
  try {
    const facts = { path: dir, attributes: fileAttributes(handle.value), ownerSid: readHandleOwner(handle.value) };
    const decision = judgeDataDir(facts, self.sid);
    if (decision.action === 'refuse') throw new Error(`refusing the data directory: ${decision.reason}`);
    if (decision.action === 'move-aside') return { trusted: false, reason: decision.reason };
    const where = judgeFinalPath(finalPath(handle.value), path.win32.join(longPath(path.win32.dirname(dir)), path.win32.basename(dir)));
    if (!where.trusted) throw new Error(`refusing the data directory: ${where.reason} (a link on the way; fix it as an administrator)`);
    // The directory first: from here on nobody but SYSTEM and Administrators adds anything inside.
    setHandleSecurity(handle.value, dataDirDescriptor(self.owner), OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION);
    return takeControlInside(dir, self, { entries: 0 }, 1);
  } finally {
    handle.close();
  }
}

function takeControlInside(dir: string, self: SelfIdentity, count: { entries: number }, depth: number): Verdict {
  for (const name of readdirSync(dir)) {
    if (++count.entries > MAX_ENTRIES) return { trusted: false, reason: `${dir} holds more than ${MAX_ENTRIES} entries` };
    const entry = path.win32.join(dir, name);
    const opened = openEntry(entry, READ_CONTROL | WRITE_DAC);
    if (!opened.trusted) return opened;
    const { handle } = opened;
    try {
      const facts = { path: entry, attributes: fileAttributes(handle.value), ownerSid: readHandleOwner(handle.value) };
      const verdict = judgeEntry(facts, self.sid);
      if (!verdict.trusted) return verdict;
      const folder = isDirectory(facts.attributes);
      if (folder && depth >= MAX_DEPTH) return { trusted: false, reason: `${entry} is nested deeper than Tandem ever writes` };
      setHandleSecurity(handle.value, folder ? DATA_SUBDIR_DACL : DATA_FILE_DACL, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION);
      if (folder) {
        const inside = takeControlInside(entry, self, count, depth + 1);
        if (!inside.trusted) return inside;
      }
    } finally {
      handle.close();
    }
  }
  return { trusted: true };
}

/** Opens an entry itself; a denial means someone else controls it (the service holds no take-ownership privilege). */
function openEntry(entry: string, access: number): { trusted: true; handle: Owned } | { trusted: false; reason: string } {
  try {
    return { trusted: true, handle: openWithoutFollowing(entry, access) };
  } catch (error) {
    if (isWin32Error(error, ERROR.ACCESS_DENIED)) return { trusted: false, reason: `the service cannot take control of ${entry} (access denied)` };
    throw error;
  }
}

/** Lets `userSid` read one file written by the service (a diagnostics archive for that user). */
export function grantUserRead(file: string, userSid: string): void {
  setPathDacl(file, readableByUserSddl(userSid));
}

