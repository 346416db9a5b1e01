/**
 * Who is on the other end of a pipe, established before any byte is read from it, and the two
 * admission rules of Tandem's pipes: an agent pipe admits only its session's user from inside
 * that session; the admin pipe admits only an elevated administrator (or LocalSystem).
 */
import type { PeerAccount } from '@tandem/shared';
import { check } from './win32/call.js';
import { kernel32 } from './win32/kernel32.js';
import type { Out, Pointer } from './win32/koffi.js';
import { isTokenMember, tokenElevation, tokenUser, withPipeClientToken } from './win32/token.js';

export const LOCAL_SYSTEM_SID = 'S-1-5-18';
export const ADMINISTRATORS_SID = 'S-1-5-32-544';

export interface PipeClient {
  readonly pid: number;
  readonly sessionId: number;
}

/** A client the pipe's rule refuses. The message says why, for the service log. */
export class ClientRejected extends Error {
  override readonly name = 'ClientRejected';
}

/**
 * Decides on a connected client; throws ClientRejected to refuse it. `pipe` is the server end.
 * Returns the account the client's token belongs to: what the audit log records (F9).
 */
export type Admission = (pipe: Pointer, client: PipeClient) => PeerAccount;

export function identifyPipeClient(pipe: Pointer): PipeClient {
  const pid: Out<number> = [0];
  const sessionId: Out<number> = [0];
  check('GetNamedPipeClientProcessId', kernel32().GetNamedPipeClientProcessId(pipe, pid));
  check('GetNamedPipeClientSessionId', kernel32().GetNamedPipeClientSessionId(pipe, sessionId));
  return { pid: pid[0], sessionId: sessionId[0] };
}

/** An agent pipe's rule: the client runs in `sessionId` as the user `userSid`. */
export function admitSessionUser(sessionId: number, userSid: string): Admission {
  return (pipe, client) => {
    if (client.sessionId !== sessionId) {
      throw new ClientRejected(`client pid ${client.pid} is in session ${client.sessionId}, not in session ${sessionId}`);
    }
    const user = withPipeClientToken(pipe, (token) => tokenUser(token));
    if (user.sid !== userSid) throw new ClientRejected(`client pid ${client.pid} runs as ${user.name} (${user.sid}), not as the session's user ${userSid}`);
    return { id: user.sid, name: user.name };
  };
}

/** The admin pipe's rule: an elevated member of Administrators, or LocalSystem. */
export const admitElevatedAdministrator: Admission = (pipe, client) => {
  const { user, verdict } = withPipeClientToken(pipe, (token) => {
    const user = tokenUser(token);
    if (user.sid === LOCAL_SYSTEM_SID) return { user, verdict: null };
    if (!isTokenMember(token, ADMINISTRATORS_SID, true)) return { user, verdict: `${user.name} is not an administrator` };
    if (!tokenElevation(token).elevated) return { user, verdict: `${user.name} is an administrator but the client is not elevated (run it as administrator)` };
    return { user, verdict: null };
  });
  if (verdict !== null) throw new ClientRejected(`client pid ${client.pid}: ${verdict}`);
  return { id: user.sid, name: user.name };
};
