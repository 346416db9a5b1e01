/**
 * SERVICE_CONTROL_SESSIONCHANGE: the event type is the WTS reason, the event data points to a
 * WTSSESSION_NOTIFICATION { DWORD cbSize; DWORD dwSessionId; }. Every reason Windows defines is
 * decoded and named; those that change which agents should run become SessionEvents.
 */
import type { SessionEventKind } from '../platform.js';
import { koffi, win32Types, type MaybePointer } from './win32/koffi.js';
import type { WtsSessionNotification } from './win32/types.js';
import { WTS_REASONS } from './wts-reasons.js';

export { WTS_REASONS } from './wts-reasons.js';

export interface SessionChange {
  readonly reason: number;
  /** The WTS_* name, or `WTS reason <n>` for a value Windows adds later. */
  readonly reasonName: string;
  readonly sessionId: number;
  /** The session event it means for Tandem; null when it changes nothing for agents. */
  readonly kind: SessionEventKind | null;
}

export const WTSSESSION_NOTIFICATION_SIZE = 8;

/** Decodes HandlerEx's (dwEventType, lpEventData) for SERVICE_CONTROL_SESSIONCHANGE. */
export function decodeSessionChange(eventType: number, eventData: MaybePointer): SessionChange {
  if (eventData === null || eventData === 0n) throw new TypeError(`SESSIONCHANGE ${eventType} came without WTSSESSION_NOTIFICATION data`);
  const notification = koffi().decode(eventData, win32Types().WTSSESSION_NOTIFICATION) as WtsSessionNotification;
  if (notification.cbSize !== WTSSESSION_NOTIFICATION_SIZE) {
    throw new TypeError(`Expected WTSSESSION_NOTIFICATION.cbSize ${WTSSESSION_NOTIFICATION_SIZE}, got ${notification.cbSize}`);
  }
  const known = WTS_REASONS[eventType];
  return {
    reason: eventType,
    reasonName: known?.name ?? `WTS reason ${eventType}`,
    sessionId: notification.dwSessionId,
    kind: known?.kind ?? null,
  };
}
