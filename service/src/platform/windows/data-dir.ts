/**
 * %ProgramData%\Tandem: configuration, its last-known-good copy, the audit log, logs and
 * diagnostics. Created, or repaired when it exists, with a protected DACL of LocalSystem and
 * Administrators only (inherited by everything inside): users cannot read the audit log or
 * plant a file the service would trust. A diagnostics archive gets its user added by grantRead.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { kernel32 } from './win32/kernel32.js';
import { descriptorFromSddl, setPathDacl } from './win32/security.js';
import { ERROR, Win32Error } from './win32/win32-error.js';
import { DATA_DIR_SDDL, readableByUserSddl } from './pipe-acl.js';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'Tandem');
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

