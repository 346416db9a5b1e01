/**
 * The WTS_* reasons of SERVICE_CONTROL_SESSIONCHANGE (winuser.h), by value, and the session
 * event each means for Tandem. Plain data without koffi, so the console session simulator
 * speaks the same names as the Windows decoder.
 */
import type { SessionEventKind } from '../platform.js';

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

export type WtsReasonName =
  | 'WTS_CONSOLE_CONNECT'
  | 'WTS_CONSOLE_DISCONNECT'
  | 'WTS_REMOTE_CONNECT'
  | 'WTS_REMOTE_DISCONNECT'
  | 'WTS_SESSION_LOGON'
  | 'WTS_SESSION_LOGOFF'
  | 'WTS_SESSION_LOCK'
  | 'WTS_SESSION_UNLOCK';

/** The session event a reason means, by name (the simulator's way in). */
export function wtsKind(name: WtsReasonName): SessionEventKind {
  for (const reason of Object.values(WTS_REASONS)) if (reason.name === name && reason.kind !== null) return reason.kind;
  throw new TypeError(`${name} is not a WTS reason that changes sessions`);
}
