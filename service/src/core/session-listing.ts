/**
 * Listing the sessions present, as boot allows it. Before the first listing the session manager
 * is given a bounded time to be ready (Global\TermSrvReadyEvent on Windows); a listing that fails
 * (LSM or TermService not up yet early in boot, or after a resume) is retried with a backoff
 * instead of leaving the service without agents until the next logon.
 */
import { backoffDelay } from '@tandem/shared';
import type { Logger } from 'pino';
import type { Session, SessionSource } from '../platform/platform.js';
import type { Clock, Timer } from './clock.js';

export const SESSION_LISTING = {
  /** The longest the first listing waits for the session manager (auto-start can precede it by a minute). */
  readyTimeoutMs: 60_000,
  /** Delays between failed listings: 0.5 s doubling to 15 s, nine attempts in all (~ 1 minute). */
  firstRetryMs: 500,
  maxRetryMs: 15_000,
  attempts: 9,
} as const;

/** Waits that whoever owns them can cut short (the supervisor stopping). */
export class Pauses {
  readonly #clock: Clock;
  readonly #pending = new Set<{ timer: Timer; resolve: () => void }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { timer: this.#clock.setTimer(ms, () => done()), resolve };
      const done = (): void => {
        this.#pending.delete(entry);
        resolve();
      };
      this.#pending.add(entry);
    });
  }

  /** Ends every pause now. */
  interrupt(): void {
    for (const entry of this.#pending) {
      entry.timer.cancel();
      entry.resolve();
    }
    this.#pending.clear();
  }
}

export interface ListingContext {
  readonly sessions: SessionSource;
  readonly log: Logger;
  readonly pauses: Pauses;
  /** True once the caller no longer wants an answer (stopping). */
  readonly abandoned: () => boolean;
}

/** Lists the sessions, retrying failures; undefined when abandoned, throws the last error after the last attempt. */
export async function listSessions(context: ListingContext, why: string): Promise<Session[] | undefined> {
  const { sessions, log, pauses, abandoned } = context;
  for (let attempt = 1; ; attempt++) {
    if (abandoned()) return undefined;
    try {
      return await sessions.list();
    } catch (error) {
      if (attempt >= SESSION_LISTING.attempts) throw error;
      const delay = backoffDelay({ initialMs: SESSION_LISTING.firstRetryMs, maxMs: SESSION_LISTING.maxRetryMs, jitter: 0 }, attempt - 1);
      log.warn({ err: error, why, attempt, retryInMs: delay }, 'cannot list the sessions yet; retrying');
      await pauses.pause(delay);
    }
  }
}

/** Waits, bounded, for the session manager; says whether it was ready. */
export async function waitForSessionManager(context: ListingContext): Promise<void> {
  const ready = await context.sessions.ready(SESSION_LISTING.readyTimeoutMs);
  if (!ready) context.log.warn({ waitedMs: SESSION_LISTING.readyTimeoutMs }, 'the session manager did not say it is ready; listing sessions anyway');
}
