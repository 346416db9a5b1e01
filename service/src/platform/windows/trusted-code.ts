/**
 * Refuses to run, or to register, code that anyone but SYSTEM, Administrators or TrustedInstaller
 * can change (SECURITY.md F1): node.exe, the bundles, koffi's native module and the agent
 * program, with the folders that hold them and every folder above. `tandemctl service install`
 * and the MSI's configure step check before the service exists; the service checks again at
 * every start, before it launches anything, and stops if a layout became writable since.
 *
 * Wine: services run as the Unix user, not LocalSystem, and Wine derives every file's owner and
 * DACL from its Unix owner and mode, all as that user's SID (docs/windows-facts.md, Wine gotcha 7). So under Wine that
 * SID is the service's account and is trusted too; world-writable files still show as writable
 * by Everyone and are refused. On Windows nothing is added: an administrator's own account is not
 * trusted, since its unelevated processes can write what it owns.
 */
import path from 'node:path';
import { TandemError } from '@tandem/shared/errors';
import { parseFileSecurity } from './sddl.js';
import { accountNameOf } from './account-names.js';
import { currentUserSid } from './elevation.js';
import { readPathSecurity } from './win32/security.js';
import { isWine } from './win32/wine.js';
import { trustedSids, untrustedWriters, type PathRole, type UntrustedWriter } from './write-access.js';

export interface WritableCode {
  readonly path: string;
  readonly role: PathRole;
  readonly writers: readonly UntrustedWriter[];
}

/** Each path to check, with its role: the file, its folder, then every folder up to the root. */
export function pathsToCheck(file: string): { path: string; role: PathRole }[] {
  const paths: { path: string; role: PathRole }[] = [{ path: file, role: 'file' }];
  let dir = path.win32.dirname(file);
  paths.push({ path: dir, role: 'folder' });
  for (let parent = path.win32.dirname(dir); parent !== dir; dir = parent, parent = path.win32.dirname(dir)) paths.push({ path: parent, role: 'ancestor' });
  return paths;
}

/** Every place among `files` (and their folders) that an untrusted account could change. */
export function findWritableCode(files: readonly string[]): WritableCode[] {
  const trusted = trustedSids(isWine() ? [currentUserSid()] : []);
  // Paths compare without case, as Windows does; the strictest role wins (a folder that holds
  // code is checked as such even where it is also another file's ancestor).
  const seen = new Map<string, { path: string; role: PathRole }>();
  for (const file of files) {
    for (const entry of pathsToCheck(path.win32.resolve(file))) {
      const before = seen.get(entry.path.toLowerCase());
      if (before === undefined || (before.role === 'ancestor' && entry.role !== 'ancestor')) seen.set(entry.path.toLowerCase(), entry);
    }
  }
  const found: WritableCode[] = [];
  for (const { path: at, role } of seen.values()) {
    const writers = untrustedWriters(parseFileSecurity(readPathSecurity(at)), role, trusted);
    if (writers.length > 0) found.push({ path: at, role, writers });
  }
  return found;
}

function describeAccount(sid: string): string {
  if (!sid.startsWith('S-1-')) return sid;
  try {
    const name = accountNameOf(sid);
    return name === sid ? sid : `${name} (${sid})`;
  } catch {
    return sid;
  }
}

/** One line per writable path: `  C:\tools: BUILTIN\Users (S-1-5-32-545) may write, append`. */
export function describeWritableCode(writable: readonly WritableCode[]): string {
  return writable.map(({ path: at, writers }) => `  ${at}: ${writers.map((w) => `${describeAccount(w.sid)} may ${w.rights.join(', ')}`).join('; ')}`).join('\n');
}

/** Throws E_FORBIDDEN naming each writable path and the accounts that can change it. */
export function assertTrustedCode(files: readonly string[], action: string): void {
  const writable = findWritableCode(files);
  if (writable.length === 0) return;
  throw new TandemError(
    'E_FORBIDDEN',
    `refusing to ${action}: the service runs as SYSTEM, and only SYSTEM, Administrators and TrustedInstaller may be able to change the code it runs, but\n${describeWritableCode(writable)}\n` +
      'Install Tandem with its MSI (it installs to %ProgramFiles%\\Tandem), or copy it to a folder only administrators can write.',
  );
}
