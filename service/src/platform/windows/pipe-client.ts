/**
 * Who is on the other end of a pipe, established before any byte is read from it, and the
 * admission rules of Tandem's pipes: an agent pipe admits only its session's user from inside
 * that session; the admin pipe admits only an elevated administrator (or LocalSystem); console
 * mode's pipes admit only the user the console service runs as.
 *
 * Admission compares SIDs and never looks an account name up (SECURITY.md I3): that can wait
 * on a domain controller, on the event loop, for every connection; and at identification level it
 * cannot reach LSA anyway (REAL-WINDOWS-REVIEW #13). Refusals name the SID; logs may resolve it later.
 */
import type { PeerAccount } from '@tandem/shared';
import { peerAccount } from './account-names.js';
import { check } from './win32/call.js';
import { kernel32 } from './win32/kernel32.js';
import type { Out, Pointer } from './win32/koffi.js';
import { isTokenMember, tokenElevation, tokenUserSid, withPipeClientToken } from './win32/token.js';

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
    const sid = withPipeClientToken(pipe, (token) => tokenUserSid(token));
    if (sid !== userSid) throw new ClientRejected(`client pid ${client.pid} runs as ${sid}, not as the session's user ${userSid}`);
    return peerAccount(sid);
  };
}

/** The admin pipe's rule: an elevated member of Administrators, or LocalSystem. */
export const admitElevatedAdministrator: Admission = (pipe, client) => {
  const { sid, verdict } = withPipeClientToken(pipe, (token) => {
    const sid = tokenUserSid(token);
    if (sid === LOCAL_SYSTEM_SID) return { sid, verdict: null };
    if (!isTokenMember(token, ADMINISTRATORS_SID, true)) return { sid, verdict: `${sid} is not an administrator` };
    if (!tokenElevation(token).elevated) return { sid, verdict: `${sid} is an administrator but the client is not elevated (run it as administrator)` };
    return { sid, verdict: null };
  });
  if (verdict !== null) throw new ClientRejected(`client pid ${client.pid}: ${verdict}`);
  return peerAccount(sid);
};

/** Console mode's rule, decided: why a client running as `clientSid` is refused, or null to admit it. */
export function sameUserRefusal(client: PipeClient, clientSid: string, ownSid: string): string | null {
  if (clientSid === ownSid) return null;
  return `client pid ${client.pid} runs as ${clientSid}, not as ${ownSid}, the user this console service runs as`;
}

/**
 * Console mode's pipes: the client runs as `ownSid`, the console service's own user, in any of
 * its sessions (as a Unix socket in a 0700 directory admits any process of its uid).
 */
export function admitSameUser(ownSid: string): Admission {
  return (pipe, client) => {
    const sid = withPipeClientToken(pipe, (token) => tokenUserSid(token));
    const refusal = sameUserRefusal(client, sid, ownSid);
    if (refusal !== null) throw new ClientRejected(refusal);
    return peerAccount(sid);
  };
}
