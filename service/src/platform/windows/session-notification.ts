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
  /** WTSSESSION_NOTIFICATION.cbSize as it came: 8, or an accepted surprise (0, more). */
  readonly cbSize: number;
}

export const WTSSESSION_NOTIFICATION_SIZE = 8;

/**
 * Decodes HandlerEx's (dwEventType, lpEventData) for SERVICE_CONTROL_SESSIONCHANGE. A size field
 * larger than 8 (a later, longer structure) or 0 (never filled in) still starts with the two DWORDs
 * Windows documents, and is read: .NET's ServiceBase and Go's svc read dwSessionId without looking
 * at cbSize, and refusing would lose every session change on such a system (REAL-WINDOWS-REVIEW
 * #14). Only a size too small to hold dwSessionId is refused. `SessionSizeNotice` says it once.
 */
export function decodeSessionChange(eventType: number, eventData: MaybePointer): SessionChange {
  if (eventData === null || eventData === 0n) throw new TypeError(`SESSIONCHANGE ${eventType} came without WTSSESSION_NOTIFICATION data`);
  const notification = koffi().decode(eventData, win32Types().WTSSESSION_NOTIFICATION) as WtsSessionNotification;
  const { cbSize } = notification;
  if (cbSize !== 0 && cbSize < WTSSESSION_NOTIFICATION_SIZE) {
    throw new TypeError(`Expected WTSSESSION_NOTIFICATION.cbSize of at least ${WTSSESSION_NOTIFICATION_SIZE} (or 0), got ${cbSize}`);
  }
  const known = WTS_REASONS[eventType];
  return {
    reason: eventType,
    reasonName: known?.name ?? `WTS reason ${eventType}`,
    sessionId: notification.dwSessionId,
    kind: known?.kind ?? null,
    cbSize,
  };
}

/** The first SESSIONCHANGE whose size field is not 8 is worth one log line; the rest are not. */
export class SessionSizeNotice {
  #told = false;

  /** The line to log for this notification, or null. */
  note(cbSize: number): string | null {
    if (this.#told || cbSize === WTSSESSION_NOTIFICATION_SIZE) return null;
    this.#told = true;
    return `SESSIONCHANGE came with WTSSESSION_NOTIFICATION.cbSize ${cbSize}, not ${WTSSESSION_NOTIFICATION_SIZE}; its session id is read all the same (said once per run)`;
  }
}
