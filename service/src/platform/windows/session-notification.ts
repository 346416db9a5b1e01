/**
 * SERVICE_CONTROL_SESSIONCHANGE: the event type is the WTS reason, the event data points to a
 * WTSSESSION_NOTIFICATION { DWORD cbSize; DWORD dwSessionId; }. Every reason Windows defines is
 * decoded and named; those that change which agents should run become SessionEvents.
 */
import type { SessionEventKind } from '../platform.js';
import { koffi, win32Types, type MaybePointer } from './win32/koffi.js';
import type { WtsSessionNotification } from './win32/types.js';

/** WTS_* reasons (winuser.h), by value. */
export const WTS_REASONS: Readonly<Record<number, { readonly name: string; readonly kind: SessionEventKind | null }>> = {
  0x1: { name: 'WTS_CONSOLE_CONNECT', kind: 'console-connect' },
  0x2: { name: 'WTS_CONSOLE_DISCONNECT', kind: 'console-disconnect' },
  0x3: { name: 'WTS_REMOTE_CONNECT', kind: 'remote-connect' },
  0x4: { name: 'WTS_REMOTE_DISCONNECT', kind: 'remote-disconnect' },
  0x5: { name: 'WTS_SESSION_LOGON', kind: 'logon' },
  0x6: { name: 'WTS_SESSION_LOGOFF', kind: 'logoff' },
  0x7: { name: 'WTS_SESSION_LOCK', kind: 'lock' },
  0x8: { name: 'WTS_SESSION_UNLOCK', kind: 'unlock' },
  // Shadowing started or stopped: the same user, the same agent.
  0x9: { name: 'WTS_SESSION_REMOTE_CONTROL', kind: null },
  // A session object exists or is gone; LOGON and LOGOFF are what start and stop agents.
  0xa: { name: 'WTS_SESSION_CREATE', kind: null },
  0xb: { name: 'WTS_SESSION_TERMINATE', kind: null },
};

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
