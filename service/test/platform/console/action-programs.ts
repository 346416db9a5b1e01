/**
 * Real programs for action tests: shell scripts written into a private folder (0700, owned by
 * this user, as console mode's program check wants), and a way to tell whether a process is
 * still running (a zombie nobody reaped is not: where PID 1 does not reap, kill(pid, 0) would
 * still find it).
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SCRIPTS = {
  /** Says what it did and who ran it. */
  succeed: 'echo "Synced 3 files"\n',
  /** Fails with exit code 3 and a word on stderr. */
  exit3: 'echo "disk full" >&2\nexit 3\n',
  /** Starts two children and a grandchild, writes their pids and its own to "$1" at once, then waits forever. */
  hang: [
    'sleep 600 &',
    'child=$!',
    'sh -c \'sleep 600 & echo $! > "$0"; wait\' "$1.grandchild" &',
    'parent=$!',
    'until [ -s "$1.grandchild" ]; do sleep 0.05; done',
    'echo "$$ $child $parent $(cat "$1.grandchild")" > "$1.tmp" && mv "$1.tmp" "$1"',
    'wait',
    '',
  ].join('\n'),
  /** Writes without end. */
  flood: 'exec yes "flooding the output of this action"\n',
  /** Prints its arguments one per line, in brackets. */
  args: 'for a in "$@"; do echo "[$a]"; done\n',
  /** Prints its environment, working directory and what reading stdin gives. */
  context: 'env\necho "cwd: $(pwd)"\nif read line; then echo "stdin: $line"; else echo "stdin: closed"; fi\n',
} as const;

export type ScriptName = keyof typeof SCRIPTS;

export interface ProgramFolder {
  readonly dir: string;
  /** The absolute path of script `name`, written executable. */
  program(name: ScriptName): string;
}

export function programFolder(): ProgramFolder {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-actions-'));
  return {
    dir,
    program(name) {
      const file = path.join(dir, `${name}.sh`);
      writeFileSync(file, `#!/bin/sh\n${SCRIPTS[name]}`);
      // chmod is not masked by the umask: the check refuses group-writable programs.
      chmodSync(file, 0o755);
      return file;
    },
  };
}

/** Whether `pid` is a live process (not gone, not a zombie). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The pids a `hang` run wrote to `file`, once it wrote them all. */
export function hangPids(file: string): number[] | undefined {
  try {
    const pids = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    return pids.length === 4 && pids.every((pid) => Number.isInteger(pid) && pid > 0) ? pids : undefined;
  } catch {
    return undefined;
  }
}
