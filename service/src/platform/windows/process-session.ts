/**
 * The Remote Desktop Services session a process runs in, as Windows records it. The tray keys
 * its single-instance lock on its own session read this way, not on a variable of its
 * environment: a tray started from the Start menu or by a toast has no launch environment.
 */
import { check } from './win32/call.js';
import { kernel32 } from './win32/kernel32.js';
import type { Out } from './win32/koffi.js';

/** Throws a Win32Error naming ProcessIdToSessionId when Windows cannot tell (no such process). */
export function processSessionId(pid: number = process.pid): number {
  const session: Out<number> = [0];
  check('ProcessIdToSessionId', kernel32().ProcessIdToSessionId(pid, session), `process ${pid}`);
  return session[0];
}
