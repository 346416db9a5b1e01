/**
 * %ProgramData%\Tandem: configuration, its last-known-good copy, the audit log, logs and
 * diagnostics. Created, or repaired when it exists, with a protected DACL of LocalSystem and
 * Administrators only (inherited by everything inside): users cannot read the audit log or
 * plant a file the service would trust. A diagnostics archive gets its user added by grantRead.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { kernel32 } from './win32/kernel32.js';
import type { MaybePointer, Out } from './win32/koffi.js';
import { ole32, shell32 } from './win32/shell32.js';
import { readWide } from './win32/wide-string.js';
import { descriptorFromSddl, setPathDacl } from './win32/security.js';
import { ERROR, Win32Error } from './win32/win32-error.js';
import { DATA_DIR_SDDL, readableByUserSddl } from './pipe-acl.js';

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

/** Creates `dir` with the data directory's DACL, or puts that DACL back on an existing one. */
export function ensureDataDir(dir: string): void {
  mkdirSync(path.win32.dirname(dir), { recursive: true });
  const { descriptor, attributes } = descriptorFromSddl(DATA_DIR_SDDL);
  try {
    if (kernel32().CreateDirectoryW(dir, attributes) !== 0) return;
    const code = kernel32().GetLastError();
    if (code !== ERROR.ALREADY_EXISTS) throw new Win32Error('CreateDirectoryW', code, dir);
  } finally {
    descriptor.close();
  }
  setPathDacl(dir, DATA_DIR_SDDL);
}

/** Lets `userSid` read one file written by the service (a diagnostics archive for that user). */
export function grantUserRead(file: string, userSid: string): void {
  setPathDacl(file, readableByUserSddl(userSid));
}

