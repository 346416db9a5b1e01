/**
 * The fallback when no agent runs in a session: a message box shown by Windows itself in that
 * session (WTSSendMessageW). It does not wait for the user to answer, so a broadcast to many
 * sessions never blocks on one of them.
 */
import type { FallbackNotifier } from '../platform.js';
import { check } from './win32/call.js';
import { MB_ICONINFORMATION, MB_OK, WTS_CURRENT_SERVER_HANDLE } from './win32/constants.js';
import type { Out } from './win32/koffi.js';
import { wtsapi32 } from './win32/wtsapi32.js';

/** How long the message box stays before closing by itself. */
const TIMEOUT_SECONDS = 60;

export const sendSessionMessage: FallbackNotifier = async (session, title, body) => {
  const response: Out<number> = [0];
  check(
    'WTSSendMessageW',
    wtsapi32().WTSSendMessageW(WTS_CURRENT_SERVER_HANDLE, session.id, title, title.length * 2, body, body.length * 2, MB_OK | MB_ICONINFORMATION, TIMEOUT_SECONDS, response, 0),
    `session ${session.id}`,
  );
};
