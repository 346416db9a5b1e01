/**
 * Processes by pid: whether one still runs, what program it runs, ending it. The installer's
 * release step waits with these for every process running a file of the install folder to exit
 * before the files are removed or replaced.
 */
import path from 'node:path';
import { check, checkHandle } from './win32/call.js';
import { PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_TERMINATE } from './win32/constants.js';
import { ownHandle } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import type { Out } from './win32/koffi.js';
import { wideFromBuffer } from './win32/wide-string.js';

/** GetExitCodeProcess's answer for a process that has not exited. */
const STILL_ACTIVE = 259;

/** The pids of every process now running. */
export function processIds(): number[] {
  for (let capacity = 1024; ; capacity *= 2) {
    const buffer = Buffer.alloc(capacity * 4);
    const returned: Out<number> = [0];
    check('K32EnumProcesses', kernel32().K32EnumProcesses(buffer, buffer.length, returned));
    // A full buffer may have been too small: ask again with a larger one.
    if (returned[0] < buffer.length) return Array.from({ length: returned[0] / 4 }, (_, i) => buffer.readUInt32LE(i * 4)).filter((pid) => pid !== 0);
  }
}

/** Runs `use` with a process handle, or returns undefined when the process cannot be opened (gone, or not ours to see). */
function withProcess<T>(pid: number, access: number, use: (handle: bigint) => T): T | undefined {
  const raw = kernel32().OpenProcess(access, 0, pid);
  if (raw === null) return undefined;
  const handle = ownHandle(raw, `process ${pid}`);
  try {
    return use(handle.value);
  } finally {
    handle.close();
  }
}

export function isRunning(pid: number): boolean {
  return (
    withProcess(pid, PROCESS_QUERY_LIMITED_INFORMATION, (handle) => {
      const code: Out<number> = [0];
      return kernel32().GetExitCodeProcess(handle, code) !== 0 && code[0] === STILL_ACTIVE;
    }) ?? false
  );
}

/** The full path of the program a process runs; undefined when it cannot be asked. */
export function processImage(pid: number): string | undefined {
  return withProcess(pid, PROCESS_QUERY_LIMITED_INFORMATION, (handle) => {
    const name = Buffer.alloc(2 * 1024);
    const size: Out<number> = [1024];
    return kernel32().QueryFullProcessImageNameW(handle, 0, name, size) === 0 ? undefined : wideFromBuffer(name, size[0]);
  });
}

export function terminate(pid: number, exitCode = 1): void {
  const handle = ownHandle(checkHandle('OpenProcess', kernel32().OpenProcess(PROCESS_TERMINATE, 0, pid)), `process ${pid}`);
  try {
    check('TerminateProcess', kernel32().TerminateProcess(handle.value, exitCode));
  } finally {
    handle.close();
  }
}

/** Pids of the processes (other than this one) whose program lies inside `folder`. */
export function processesIn(folder: string): number[] {
  const prefix = `${path.win32.resolve(folder).toLowerCase()}\\`;
  return processIds().filter((pid) => pid !== process.pid && processImage(pid)?.toLowerCase().startsWith(prefix) === true);
}
