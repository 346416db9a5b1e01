/**
 * Terminal Services' readiness at boot. An auto-start service can run before the Local Session
 * Manager and TermService are up; until then WTSEnumerateSessionsW and WTSQueryUserToken fail or
 * answer wrongly. TermService signals the manual-reset event Global\TermSrvReadyEvent once it is
 * ready (MS Learn, WTSRegisterSessionNotification), and it stays signalled. Early in boot the
 * event may not exist yet: it is looked for again until the deadline.
 *
 * Wine never creates this event (its WTS functions answer at once), so under Wine a missing
 * event means ready: waiting there would only delay every test by the whole bound.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { waitForHandle } from './handle-wait.js';
import { SYNCHRONIZE } from './win32/constants.js';
import { ownHandle } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import { isWine } from './win32/wine.js';
import { ERROR, Win32Error } from './win32/win32-error.js';

export const TERMSRV_READY_EVENT = 'Global\\TermSrvReadyEvent';
/** How often a missing event is looked for again. */
const LOOK_AGAIN_MS = 250;

export type TermSrvReadiness = 'ready' | 'timeout' | 'absent-under-wine';

/** Waits until `name` is signalled, at most `timeoutMs`. Never holds a libuv thread (handle-wait). */
export async function waitForTermSrvReady(timeoutMs: number, name: string = TERMSRV_READY_EVENT): Promise<TermSrvReadiness> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const raw = kernel32().OpenEventW(SYNCHRONIZE, 0, name);
    if (raw !== null) {
      const event = ownHandle(raw, name);
      const wait = waitForHandle(event.value, name);
      let timer: NodeJS.Timeout | undefined;
      try {
        const remaining = Math.max(0, deadline - Date.now());
        const outcome = await Promise.race([wait.signalled.then(() => 'ready' as const), new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), remaining)))]);
        return outcome;
      } finally {
        clearTimeout(timer);
        wait.cancel();
        event.close();
      }
    }
    const code = kernel32().GetLastError();
    if (code !== ERROR.FILE_NOT_FOUND) throw new Win32Error('OpenEventW', code, name);
    if (isWine()) return 'absent-under-wine';
    if (Date.now() >= deadline) return 'timeout';
    await sleep(Math.min(LOOK_AGAIN_MS, Math.max(0, deadline - Date.now())));
  }
}
