/** Looking at and ending processes by pid, for the Windows tests. */
import { check, checkHandle } from '../../../src/platform/windows/win32/call.js';
import { PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_TERMINATE } from '../../../src/platform/windows/win32/constants.js';
import { ownHandle } from '../../../src/platform/windows/win32/handle.js';
import { kernel32 } from '../../../src/platform/windows/win32/kernel32.js';

/** GetExitCodeProcess's answer for a process that has not exited. */
const STILL_ACTIVE = 259;

export function isRunning(pid: number): boolean {
  const raw = kernel32().OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
  if (raw === null) return false;
  const handle = ownHandle(raw, `process ${pid}`);
  try {
    const code: [number] = [0];
    return kernel32().GetExitCodeProcess(handle.value, code) !== 0 && code[0] === STILL_ACTIVE;
  } finally {
    handle.close();
  }
}

export function kill(pid: number): void {
  const handle = ownHandle(checkHandle('OpenProcess', kernel32().OpenProcess(PROCESS_TERMINATE, 0, pid)), `process ${pid}`);
  try {
    check('TerminateProcess', kernel32().TerminateProcess(handle.value, 9));
  } finally {
    handle.close();
  }
}
