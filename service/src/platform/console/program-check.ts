/**
 * Console mode's check of an action's program (ActionRunner.checkProgram): an absolute path to
 * an existing regular file this user may execute. On Linux and macOS also the console analogue
 * of the Windows rule: neither the file nor a folder above it (nor, for a link, above its
 * target) may be changeable by anyone but this user and root, or another account could swap
 * the program for its own. A sticky folder such as /tmp passes: others cannot rename or delete
 * what is not theirs in it. Every refusal names the path.
 */
import { constants, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { TandemError } from '@tandem/shared';
import { explainFsError } from '../../core/fs-errors.js';

const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;

export async function checkConsoleProgram(program: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const absolute = platform === 'win32' ? /^[A-Za-z]:[\\/]/.test(program) : program.startsWith('/');
  if (!absolute) throw new TandemError('E_INVALID_PARAMS', `the program ${program} is not an absolute path; give it in full, such as /usr/local/bin/repair`);
  let stat: Stats;
  try {
    stat = await fs.stat(program);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : explainFsError(error);
    throw new TandemError('E_NOT_FOUND', `the program ${program} cannot be used: ${why}`);
  }
  if (!stat.isFile()) throw new TandemError('E_INVALID_PARAMS', `the program ${program} is not a regular file`);
  if (platform === 'win32') return;
  try {
    await fs.access(program, constants.X_OK);
  } catch {
    throw new TandemError('E_FORBIDDEN', `the program ${program} is not executable by this user (chmod +x it)`);
  }
  const real = await fs.realpath(program);
  for (const node of new Set([...chain(program), ...chain(real)])) await refuseWritableByOthers(program, node);
}

/** `file` and every folder above it, up to the root. */
function chain(file: string): string[] {
  const nodes = [file];
  for (let dir = path.dirname(file); nodes.at(-1) !== dir; dir = path.dirname(dir)) nodes.push(dir);
  return nodes;
}

async function refuseWritableByOthers(program: string, node: string): Promise<void> {
  const stat = await fs.lstat(node);
  const me = process.getuid?.() ?? 0;
  const owned = stat.uid === me || stat.uid === 0;
  // A link's own mode means nothing (only its owner and its folder can change it).
  const writable = !stat.isSymbolicLink() && (stat.mode & GROUP_OR_OTHER_WRITE) !== 0 && !(stat.isDirectory() && (stat.mode & STICKY) !== 0);
  if (owned && !writable) return;
  const mode = (stat.mode & 0o7777).toString(8).padStart(4, '0');
  const which = node === program ? 'it' : node;
  throw new TandemError('E_FORBIDDEN', `the program ${program} cannot be used: ${which} can be changed by other accounts (owner uid ${stat.uid}, mode ${mode}); make it owned by this user or root and not writable by group or others`);
}
