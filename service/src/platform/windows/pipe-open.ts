/**
 * Opening the client end of a named pipe. While every instance is busy (a client just took the
 * waiting one and the server has not opened the next yet), CreateFileW fails with
 * ERROR_PIPE_BUSY; that is a normal moment, retried briefly with growing pauses rather than
 * with WaitNamedPipeW, which would block the JS thread.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { INVALID_HANDLE_VALUE, lastError } from './win32/call.js';
import { OPEN_EXISTING } from './win32/constants.js';
import { ownHandle, type Owned } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import { ERROR, Win32Error } from './win32/win32-error.js';

/** How long to keep retrying while the pipe is busy. */
export const PIPE_BUSY_RETRY_MS = 2_000;

/** Opens `address` with `access` and `flags`; throws a Win32Error from CreateFileW otherwise. */
export async function openPipe(address: string, access: number, flags: number): Promise<Owned> {
  for (let waited = 0, delay = 5; ; waited += delay, delay = Math.min(delay * 2, 100)) {
    const raw = kernel32().CreateFileW(address, access, 0, null, OPEN_EXISTING, flags, null);
    if (raw !== null && raw !== INVALID_HANDLE_VALUE) return ownHandle(raw, `pipe ${address}`);
    const code = lastError();
    if (code !== ERROR.PIPE_BUSY || waited >= PIPE_BUSY_RETRY_MS) throw new Win32Error('CreateFileW', code, address);
    await sleep(delay);
  }
}
