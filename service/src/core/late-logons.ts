/**
 * Logons whose user token is not available yet. Windows announces WTS_SESSION_LOGON while the
 * profile may still be loading, and WTSQueryUserToken then fails with ERROR_NO_TOKEN for a
 * while. Such a logon is neither a crash nor a session to forget: it is asked about again with a
 * backoff (250 ms doubling to 8 s) for up to two minutes. One timer per session; the supervisor
 * owns this and disposes it when it stops.
 */
import { backoffDelay } from '@tandem/shared';
import type { Clock, Timer } from './clock.js';

export const LATE_LOGON_RETRY = { firstDelayMs: 250, maxDelayMs: 8_000, giveUpAfterMs: 120_000 } as const;

interface Waiting {
  readonly since: number;
  attempts: number;
  timer: Timer;
}

export class LateLogons {
  readonly #clock: Clock;
  readonly #retry: (sessionId: number) => void;
  readonly #waiting = new Map<number, Waiting>();

  /** `retry` is called when a session is due to be asked again. */
  constructor(clock: Clock, retry: (sessionId: number) => void) {
    this.#clock = clock;
    this.#retry = retry;
  }

  /**
   * Schedules the next question about `sessionId`. Returns false (and forgets it) once it has
   * waited longer than giveUpAfterMs: the logon is then left to its next notification.
   */
  wait(sessionId: number): boolean {
    const now = this.#clock.now();
    const known = this.#waiting.get(sessionId);
    const since = known?.since ?? now;
    if (now - since >= LATE_LOGON_RETRY.giveUpAfterMs) {
      this.forget(sessionId);
      return false;
    }
    const attempts = (known?.attempts ?? 0) + 1;
    known?.timer.cancel();
    const delay = backoffDelay({ initialMs: LATE_LOGON_RETRY.firstDelayMs, maxMs: LATE_LOGON_RETRY.maxDelayMs, jitter: 0 }, attempts - 1);
    const timer = this.#clock.setTimer(delay, () => this.#retry(sessionId));
    this.#waiting.set(sessionId, { since, attempts, timer });
    return true;
  }

  has(sessionId: number): boolean {
    return this.#waiting.has(sessionId);
  }

  /** How many times `sessionId` has been asked about so far (0 when not waiting). */
  attempts(sessionId: number): number {
    return this.#waiting.get(sessionId)?.attempts ?? 0;
  }

  forget(sessionId: number): void {
    this.#waiting.get(sessionId)?.timer.cancel();
    this.#waiting.delete(sessionId);
  }

  dispose(): void {
    for (const id of [...this.#waiting.keys()]) this.forget(id);
  }
}
