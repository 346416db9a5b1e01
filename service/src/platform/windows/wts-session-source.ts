/**
 * The user sessions of this machine, from the Terminal Services API: every active or
 * disconnected session with a logged-on user (never session 0, where services live), whether at
 * the console, over Remote Desktop or left behind by fast user switching. After the first list,
 * changes arrive as SERVICE_CONTROL_SESSIONCHANGE through the service host (`notify`).
 *
 * When enumeration finds nothing, the active console session is asked for directly (Wine's
 * WTSEnumerateSessionsW returns no sessions; its console session is 1).
 */
import type { Disposable, Session, SessionEvent, SessionProbe, SessionSource } from '../platform.js';
import { accountNameOf } from './account-names.js';
import { GroupSids } from './group-sids.js';
import type { SessionChange } from './session-notification.js';
import { waitForTermSrvReady } from './termsrv-ready.js';
import { check, checkOut } from './win32/call.js';
import { WTSConnectState, WTSInfoClass, WTS_CURRENT_SERVER_HANDLE } from './win32/constants.js';
import { Owned, ownHandle, ownWtsMemory } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import { koffi, win32Types, type MaybePointer, type Out } from './win32/koffi.js';
import { sidOfAccount } from './win32/security.js';
import { isTokenMember, tokenLogonId, tokenUserSid } from './win32/token.js';
import type { WtsSessionInfo } from './win32/types.js';
import { ERROR, Win32Error } from './win32/win32-error.js';
import { wtsapi32 } from './win32/wtsapi32.js';

/** WTSGetActiveConsoleSessionId's answer when no session is attached to the console. */
const NO_CONSOLE_SESSION = 0xffffffff;
/** WTS_PROTOCOL_TYPE_RDP */
const PROTOCOL_RDP = 2;

/**
 * The primary token of the user logged on in `sessionId` (needs SeTcbPrivilege: LocalSystem).
 * Undefined when nobody is logged on there. The caller closes it.
 */
export function sessionUserToken(sessionId: number): Owned | undefined {
  const token = queryUserToken(sessionId);
  return token instanceof Owned ? token : undefined;
}

/**
 * The user token of `sessionId` (the caller closes it); `no-token` when the session exists but
 * has no user (a logon screen, or a logon still loading the profile: ERROR_NO_TOKEN); `gone` when
 * there is no such session.
 */
function queryUserToken(sessionId: number): Owned | 'no-token' | 'gone' {
  const out: Out<MaybePointer> = [null];
  if (wtsapi32().WTSQueryUserToken(sessionId, out) === 0) {
    const code = kernel32().GetLastError();
    if (code === ERROR.NO_TOKEN) return 'no-token';
    if (code === ERROR.FILE_NOT_FOUND || code === ERROR.CTX_WINSTATION_NOT_FOUND) return 'gone';
    throw new Win32Error('WTSQueryUserToken', code, `session ${sessionId}`);
  }
  return ownHandle(checkOut('WTSQueryUserToken', out[0]), `user token of session ${sessionId}`);
}

/** Connect states of a session being created or torn down: no agent belongs there. */
const ENDING_STATES: ReadonlySet<number> = new Set([WTSConnectState.Reset, WTSConnectState.Down, WTSConnectState.Init]);

function enumerateSessions(): WtsSessionInfo[] {
  const info: Out<MaybePointer> = [null];
  const count: Out<number> = [0];
  check('WTSEnumerateSessionsW', wtsapi32().WTSEnumerateSessionsW(WTS_CURRENT_SERVER_HANDLE, 0, 1, info, count));
  if (info[0] === null) return [];
  const memory = ownWtsMemory(info[0], 'session list');
  try {
    if (count[0] === 0) return [];
    return koffi().decode(memory.value, win32Types().WTS_SESSION_INFOW, count[0]) as WtsSessionInfo[];
  } finally {
    memory.close();
  }
}

/** A DWORD-sized (or USHORT for the protocol) piece of session information; undefined if unavailable. */
function querySessionNumber(sessionId: number, infoClass: number, bytes: 2 | 4): number | undefined {
  const buffer: Out<MaybePointer> = [null];
  const size: Out<number> = [0];
  if (wtsapi32().WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, sessionId, infoClass, buffer, size) === 0 || buffer[0] === null) return undefined;
  const memory = ownWtsMemory(buffer[0], 'session information');
  try {
    if (size[0] < bytes) return undefined;
    return koffi().decode(memory.value, bytes === 2 ? 'uint16_t' : 'uint32_t') as number;
  } finally {
    memory.close();
  }
}

export class WtsSessionSource implements SessionSource {
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  /** Lock state is only told by events; WTSSessionInfoEx's lock flag is inverted on some Windows versions. */
  readonly #locked = new Set<number>();
  readonly #groups = new GroupSids(sidOfAccount);

  async ready(timeoutMs: number): Promise<boolean> {
    return (await waitForTermSrvReady(timeoutMs)) !== 'timeout';
  }

  async list(): Promise<Session[]> {
    const ids = enumerateSessions()
      .filter((info) => info.SessionId !== 0 && (info.State === WTSConnectState.Active || info.State === WTSConnectState.Disconnected))
      .map((info) => info.SessionId);
    if (ids.length === 0) {
      const console = kernel32().WTSGetActiveConsoleSessionId();
      if (console !== NO_CONSOLE_SESSION && console !== 0) ids.push(console);
    }
    const sessions: Session[] = [];
    for (const id of ids) {
      const session = await this.describe(id);
      if (session !== undefined) sessions.push(session);
    }
    return sessions;
  }

  async describe(sessionId: number): Promise<Session | undefined> {
    const probe = await this.probe(sessionId);
    return probe.kind === 'present' ? probe.session : undefined;
  }

  async probe(sessionId: number): Promise<SessionProbe> {
    if (sessionId === 0) return { kind: 'gone' };
    const token = queryUserToken(sessionId);
    if (token === 'no-token') return { kind: 'no-user-yet' };
    if (token === 'gone') return { kind: 'gone' };
    try {
      const connectState = querySessionNumber(sessionId, WTSInfoClass.ConnectState, 4);
      if (connectState !== undefined && ENDING_STATES.has(connectState)) return { kind: 'gone' };
      const userId = tokenUserSid(token.value);
      const protocol = querySessionNumber(sessionId, WTSInfoClass.ClientProtocolType, 2);
      const disconnected = connectState === WTSConnectState.Disconnected;
      const session: Session = {
        id: sessionId,
        user: accountNameOf(userId),
        userId,
        logonId: tokenLogonId(token.value),
        state: disconnected ? 'disconnected' : this.#locked.has(sessionId) ? 'locked' : 'active',
        remote: protocol === PROTOCOL_RDP,
        console: kernel32().WTSGetActiveConsoleSessionId() === sessionId,
      };
      return { kind: 'present', session };
    } finally {
      token.close();
    }
  }

  subscribe(listener: (event: SessionEvent) => void): Disposable {
    this.#listeners.add(listener);
    return { dispose: () => void this.#listeners.delete(listener) };
  }

  async isMember(session: Session, group: string): Promise<boolean> {
    const token = sessionUserToken(session.id);
    if (token === undefined) return false;
    try {
      return isTokenMember(token.value, this.#groups.sidOf(group));
    } finally {
      token.close();
    }
  }

  /** Called by the service host for each SERVICE_CONTROL_SESSIONCHANGE. */
  notify(change: SessionChange): void {
    if (change.kind === null || change.sessionId === 0) return;
    if (change.kind === 'lock') this.#locked.add(change.sessionId);
    if (change.kind === 'unlock' || change.kind === 'logoff') this.#locked.delete(change.sessionId);
    const event: SessionEvent = { kind: change.kind, sessionId: change.sessionId };
    for (const listener of this.#listeners) listener(event);
  }
}
