/**
 * Decides whether a notification from the service pops up. Every notification still lands in
 * the status window's list; the policy only keeps the desktop calm:
 *  - duplicates (same id, or same level, title and body) within DEDUP_WINDOW_MS are dropped,
 *    so a service that resends after a reconnect does not repeat itself;
 *  - during quiet hours only errors pop up;
 *  - at most `notificationsPerMinute` pop up in any 60 s.
 */
import type { NotificationLevel, Suppression } from '../bridge/status-view.js';
import type { Clock } from './clock.js';
import { isQuietTime, minutesOfDay, type QuietHours } from './quiet-hours.js';

export const DEDUP_WINDOW_MS = 10 * 60_000;
/** Remembered notifications; beyond this the oldest are forgotten, so memory stays bounded. */
export const DEDUP_CAPACITY = 256;
const RATE_WINDOW_MS = 60_000;

export interface PolicySettings {
  readonly notificationsPerMinute: number;
  readonly quietHours: QuietHours | null;
}

export interface IncomingNotification {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly level: NotificationLevel;
}

export type Decision = { readonly show: true } | { readonly show: false; readonly reason: Suppression };

export class NotificationPolicy {
  readonly #clock: Clock;
  #settings: PolicySettings;
  /** Keys of recent notifications (by id and by content) and when they were seen; oldest first. */
  readonly #seen = new Map<string, number>();
  /** When each shown notification popped up within the last minute; oldest first. */
  #shown: number[] = [];

  constructor(clock: Clock, settings: PolicySettings) {
    this.#clock = clock;
    this.#settings = checkSettings(settings);
  }

  configure(settings: PolicySettings): void {
    this.#settings = checkSettings(settings);
  }

  decide(notification: IncomingNotification): Decision {
    const date = this.#clock.now();
    const now = date.getTime();
    this.#forgetBefore(now - DEDUP_WINDOW_MS);
    const keys = [`id:${notification.id}`, `content:${notification.level}\u0000${notification.title}\u0000${notification.body}`];
    const duplicate = keys.some((key) => this.#seen.has(key));
    for (const key of keys) this.#remember(key, now);
    if (duplicate) return { show: false, reason: 'duplicate' };
    if (notification.level !== 'error' && isQuietTime(this.#settings.quietHours, date)) return { show: false, reason: 'quiet-hours' };
    this.#shown = this.#shown.filter((at) => at > now - RATE_WINDOW_MS);
    if (this.#shown.length >= this.#settings.notificationsPerMinute) return { show: false, reason: 'rate-limited' };
    this.#shown.push(now);
    return { show: true };
  }

  #remember(key: string, now: number): void {
    this.#seen.delete(key); // Re-inserted at the end: the map stays ordered by time.
    this.#seen.set(key, now);
    while (this.#seen.size > DEDUP_CAPACITY) {
      const oldest = this.#seen.keys().next();
      if (oldest.done === true) break;
      this.#seen.delete(oldest.value);
    }
  }

  #forgetBefore(cutoff: number): void {
    for (const [key, at] of this.#seen) {
      if (at > cutoff) break;
      this.#seen.delete(key);
    }
  }
}

function checkSettings(settings: PolicySettings): PolicySettings {
  const perMinute = settings.notificationsPerMinute;
  if (!Number.isSafeInteger(perMinute) || perMinute < 1) {
    throw new RangeError(`Expected \`notificationsPerMinute\` to be a whole number from 1 and up, got \`${String(perMinute)}\` (${typeof perMinute})`);
  }
  if (settings.quietHours !== null) {
    minutesOfDay(settings.quietHours.start);
    minutesOfDay(settings.quietHours.end);
  }
  return settings;
}
