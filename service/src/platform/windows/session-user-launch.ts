/**
 * What every program the service starts as a session's user gets, the agent and a user's tray
 * action alike (the way WireGuard starts its UI): WTSQueryUserToken → a never-elevated primary
 * token (agent-token.ts), the user's profile folder as working directory, and the session's
 * interactive desktop.
 */
import { unelevatedSessionToken } from './agent-token.js';
import { SESSION_DESKTOP } from './process-in-job.js';
import type { Owned } from './win32/handle.js';
import type { Out, Pointer } from './win32/koffi.js';
import { userenv } from './win32/userenv.js';
import { wideFromBuffer } from './win32/wide-string.js';

export interface SessionUserLaunch {
  /** Primary, unelevated: for CreateProcessAsUserW and the user's environment block. The caller closes it. */
  readonly token: Owned;
  /** The user's profile folder; null when Windows cannot tell (the child then starts in the service's). */
  readonly cwd: string | null;
  readonly desktop: string;
}

function profileDirectory(token: Pointer): string | null {
  const size: Out<number> = [0];
  userenv().GetUserProfileDirectoryW(token, null, size);
  if (size[0] === 0) return null;
  const buffer = Buffer.alloc(size[0] * 2);
  return userenv().GetUserProfileDirectoryW(token, buffer, size) === 0 ? null : wideFromBuffer(buffer);
}

/**
 * For starting `what` (`an agent in session 2`) as `sessionId`'s user. Throws a TandemError:
 * E_UNAVAILABLE when nobody is logged on there, E_FORBIDDEN when no unelevated token can be made.
 */
export function sessionUserLaunch(sessionId: number, what: string): SessionUserLaunch {
  const token = unelevatedSessionToken(sessionId, what);
  try {
    return { token, cwd: profileDirectory(token.value), desktop: SESSION_DESKTOP };
  } catch (error) {
    token.close();
    throw error;
  }
}
