/** The recent notifications the status window lists, newest first, with what the policy decided. */
import type { NotificationView } from '../bridge/status-view.js';

export const HISTORY_LIMIT = 20;

export class NotificationHistory {
  #entries: NotificationView[] = [];

  add(entry: NotificationView): void {
    this.#entries = [entry, ...this.#entries].slice(0, HISTORY_LIMIT);
  }

  get entries(): readonly NotificationView[] {
    return this.#entries;
  }
}
