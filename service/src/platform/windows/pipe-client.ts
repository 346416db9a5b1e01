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
import { ERROR, isWin32Error } from './win32/win32-error.js';

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

/**
 * Why a client whose token could not be impersonated is refused, or null when the failure is not
 * that. Named pipes record the client's identity at open only with static tracking, which a client
 * asks for with SECURITY_SQOS_PRESENT (and SECURITY_IDENTIFICATION, all the server needs). Without
 * it the identity is taken at each write (dynamic tracking), so before the client has written
 * anything ImpersonateNamedPipeClient fails with ERROR_CANNOT_IMPERSONATE (ReactOS npfs
 * secursup.c, NpInitializeSecurity) — and Tandem decides before it reads. net.connect, .NET's
 * NamedPipeClientStream by default and a plain CreateFileW open that way (REAL-WINDOWS-REVIEW #12).
 */
export function impersonationRefusal(client: PipeClient, error: unknown): string | null {
  if (!isWin32Error(error, ERROR.CANNOT_IMPERSONATE) || error.api !== 'ImpersonateNamedPipeClient') return null;
  return (
    `client pid ${client.pid} opened the pipe without SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION in CreateFileW's flags, ` +
    'so Windows recorded no identity to check before it writes; Tandem checks before reading, and refuses it (ImpersonateNamedPipeClient: 1368 ERROR_CANNOT_IMPERSONATE)'
  );
}

/** withPipeClientToken, with a client that cannot be identified refused as ClientRejected. */
function withClientToken<T>(pipe: Pointer, client: PipeClient, inspect: (token: Pointer) => T): T {
  try {
    return withPipeClientToken(pipe, inspect);
  } catch (error) {
    const refusal = impersonationRefusal(client, error);
    throw refusal === null ? error : new ClientRejected(refusal, { cause: error });
  }
}

/** An agent pipe's rule: the client runs in `sessionId` as the user `userSid`. */
export function admitSessionUser(sessionId: number, userSid: string): Admission {
  return (pipe, client) => {
    if (client.sessionId !== sessionId) {
      throw new ClientRejected(`client pid ${client.pid} is in session ${client.sessionId}, not in session ${sessionId}`);
    }
    const sid = withClientToken(pipe, client, (token) => tokenUserSid(token));
    if (sid !== userSid) throw new ClientRejected(`client pid ${client.pid} runs as ${sid}, not as the session's user ${userSid}`);
    return peerAccount(sid);
  };
}

/** The admin pipe's rule: an elevated member of Administrators, or LocalSystem. */
export const admitElevatedAdministrator: Admission = (pipe, client) => {
  const { sid, verdict } = withClientToken(pipe, client, (token) => {
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
    const sid = withClientToken(pipe, client, (token) => tokenUserSid(token));
    const refusal = sameUserRefusal(client, sid, ownSid);
    if (refusal !== null) throw new ClientRejected(refusal);
    return peerAccount(sid);
  };
}
