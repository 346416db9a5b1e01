/**
 * Whether a program may be a tray action's. A user's click runs it as SYSTEM (or as that user),
 * so it must be exactly the file the administrator named, and nobody but SYSTEM, Administrators
 * and TrustedInstaller may be able to change it, nor the folder holding it, nor any folder above:
 * the rule and the check the service applies to its own code (SECURITY.md F1, trusted-code.ts).
 * Checked when an action is defined and again before every run. Both the path as written and the
 * file it resolves to (through any link) are checked.
 */
import path from 'node:path';
import { TandemError } from '@tandem/shared';
import { describeWritableCode, findWritableCode } from './trusted-code.js';
import { checkHandle } from './win32/call.js';
import { FILE_ATTRIBUTE_DIRECTORY, FILE_FLAG_BACKUP_SEMANTICS, FILE_READ_ATTRIBUTES, FILE_SHARE_DELETE, FILE_SHARE_READ, FILE_SHARE_WRITE, OPEN_EXISTING } from './win32/constants.js';
import { fileAttributes, finalPath } from './win32/files.js';
import { ownHandle, type Owned } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import { ERROR, isWin32Error } from './win32/win32-error.js';

const EXAMPLE = 'C:\\Program Files\\Vendor\\repair.exe';

/**
 * Why `program` cannot name an action's program, judged on the text alone; undefined when it can.
 * A drive-absolute, normalized path (no `..`, no `/`, no doubled `\`), without wildcards, quotes or
 * `:` streams, that is not a batch file: Windows runs a `.bat` or `.cmd` through cmd.exe, a shell
 * with its own parsing of the command line, which actions never go through.
 */
export function programPathProblem(program: string): string | undefined {
  const got = `got \`${program}\``;
  if (!/^[A-Za-z]:\\/.test(program) || path.win32.normalize(program) !== program || program.endsWith('\\')) {
    return `Expected the action's program as an absolute path to a file, such as ${EXAMPLE}, ${got}`;
  }
  if (/[\u0000-\u001f"*?<>|]/.test(program) || program.indexOf(':', 2) !== -1) {
    return `Expected the action's program as a path without quotes, wildcards, control characters or ':' streams, ${got}`;
  }
  if (/\.(bat|cmd)$/i.test(program)) {
    return `Expected the action's program to be an executable, not a batch file that Windows would run through cmd.exe, ${got}`;
  }
  return undefined;
}

function openProgram(program: string): Owned {
  const share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
  const raw = kernel32().CreateFileW(program, FILE_READ_ATTRIBUTES, share, null, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, null);
  try {
    return ownHandle(checkHandle('CreateFileW', raw, program), program);
  } catch (error) {
    if (isWin32Error(error, ERROR.FILE_NOT_FOUND) || isWin32Error(error, ERROR.PATH_NOT_FOUND)) {
      throw new TandemError('E_NOT_FOUND', `the action's program ${program} does not exist`, { cause: error });
    }
    throw new TandemError('E_UNAVAILABLE', `cannot open the action's program ${program}: ${(error as Error).message}`, { cause: error });
  }
}

/** Where `program` really is: `\\?\C:\…` becomes `C:\…`; a file on a network share is refused. */
function resolvedProgram(program: string): string {
  const handle = openProgram(program);
  try {
    if ((fileAttributes(handle.value) & FILE_ATTRIBUTE_DIRECTORY) !== 0) throw new TandemError('E_INVALID_PARAMS', `the action's program ${program} is a folder, not a program`);
    const final = finalPath(handle.value);
    if (/^\\\\\?\\UNC\\/i.test(final)) throw new TandemError('E_FORBIDDEN', `refusing the action's program ${program}: it is on a network share (${final}), which the machine's administrators do not control`);
    return final.replace(/^\\\\\?\\/, '');
  } finally {
    handle.close();
  }
}

/** Throws a TandemError naming the path (and, when writable, each account that may change it); returns when `program` may be run. */
export function checkActionProgram(program: string): void {
  const problem = programPathProblem(program);
  if (problem !== undefined) throw new TandemError('E_INVALID_PARAMS', problem);
  try {
    const resolved = resolvedProgram(program);
    const writable = findWritableCode(resolved.toLowerCase() === program.toLowerCase() ? [program] : [program, resolved]);
    if (writable.length === 0) return;
    const via = resolved.toLowerCase() === program.toLowerCase() ? '' : ` (it resolves to ${resolved})`;
    throw new TandemError(
      'E_FORBIDDEN',
      `refusing the action's program ${program}${via}: a user's click runs it as SYSTEM or as that user, so only SYSTEM, Administrators and TrustedInstaller may be able to change it, but\n${describeWritableCode(writable)}\n` +
        'Keep action programs in a folder only administrators can write, such as under %ProgramFiles%.',
    );
  } catch (error) {
    if (error instanceof TandemError) throw error;
    throw new TandemError('E_UNAVAILABLE', `cannot check the action's program ${program}: ${(error as Error).message}`, { cause: error });
  }
}
