/**
 * The client side of Tandem's pipes, for agents and tandemctl: opens the pipe so that the server
 * may identify the client but never act as it (SECURITY_IDENTIFICATION), then checks who the
 * server is before sending a byte. Any process can create a pipe under a name nobody holds yet;
 * trusting a pipe by its name alone would hand tandemctl's commands, or an agent's user, to it.
 */
import type { Duplex } from 'node:stream';
import { TandemError, type Connector } from '@tandem/shared';
import { socketFromPipe } from './libuv-stream.js';
import { lastError } from './win32/call.js';
import { openPipe, PIPE_BUSY_RETRY_MS } from './pipe-open.js';
import { currentUserSid } from './elevation.js';
import { FILE_FLAG, GENERIC_READ, GENERIC_WRITE, PROCESS_QUERY_LIMITED_INFORMATION, SECURITY_IDENTIFICATION, SECURITY_SQOS_PRESENT, TOKEN } from './win32/constants.js';
import { ownHandle, type Owned } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import type { Out } from './win32/koffi.js';
import { ERROR, Win32Error } from './win32/win32-error.js';
import { queryServiceProcessId } from './service-control.js';
import { openProcessToken, tokenUserSid } from './win32/token.js';

/** Whom the client trusts as the pipe's server. */
export type ServerTrust =
  /** The process the SCM runs for this service (what agents and tandemctl use). */
  | { readonly kind: 'service'; readonly serviceName: string }
  /** One known process (tests, benchmarks). */
  | { readonly kind: 'process'; readonly pid: number }
  /** A process running as this process's own user (console mode's pipes, which only their owner can serve). */
  | { readonly kind: 'same-user' };

export class WindowsPipeConnector implements Connector {
  readonly address: string;
  /** Whom connect() accepts as the pipe's server. */
  readonly trust: ServerTrust;

  constructor(address: string, trust: ServerTrust) {
    this.address = address;
    this.trust = trust;
  }

  async connect(): Promise<Duplex> {
    const pipe = await this.#open();
    try {
      this.#verify(pipe);
    } catch (error) {
      pipe.close();
      throw error;
    }
    return socketFromPipe(pipe);
  }

  async #open(): Promise<Owned> {
    try {
      return await openPipe(this.address, GENERIC_READ | GENERIC_WRITE, FILE_FLAG.OVERLAPPED | SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION);
    } catch (error) {
      throw error instanceof Win32Error ? openError(this.address, error) : error;
    }
  }

  #verify(pipe: Owned): void {
    const serverPid: Out<number> = [0];
    if (kernel32().GetNamedPipeServerProcessId(pipe.value, serverPid) === 0) {
      throw new TandemError('E_FORBIDDEN', `cannot tell who serves ${this.address}: ${new Win32Error('GetNamedPipeServerProcessId', lastError()).message}`);
    }
    if (this.trust.kind === 'same-user') {
      const server = processUserSid(serverPid[0]);
      const own = currentUserSid();
      if (server !== own) throw new TandemError('E_FORBIDDEN', `refusing ${this.address}: its server (process ${serverPid[0]}) runs as ${server ?? 'an account this user cannot see'}, not as ${own}`);
      return;
    }
    const expected = this.#expectedPid(this.trust);
    if (serverPid[0] !== expected.pid) {
      throw new TandemError('E_FORBIDDEN', `refusing ${this.address}: its server is process ${serverPid[0]}, not ${expected.what} (process ${expected.pid})`);
    }
  }

  #expectedPid(trust: Exclude<ServerTrust, { kind: 'same-user' }>): { pid: number; what: string } {
    if (trust.kind === 'process') return { pid: trust.pid, what: 'the expected server' };
    const pid = queryServiceProcessId(trust.serviceName);
    if (pid === null) throw new TandemError('E_UNAVAILABLE', `the ${trust.serviceName} service is not running, so nothing can be trusted on ${this.address}`);
    return { pid, what: `the ${trust.serviceName} service` };
  }
}

/** The SID a process runs as; null when this process may not look (then it is not ours to trust). */
function processUserSid(pid: number): string | null {
  const raw = kernel32().OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
  if (raw === null || raw === 0n) return null;
  const process = ownHandle(raw, `process ${pid}`);
  try {
    const token = openProcessToken(process.value, TOKEN.QUERY);
    try {
      return tokenUserSid(token.value);
    } finally {
      token.close();
    }
  } catch {
    return null;
  } finally {
    process.close();
  }
}

function openError(address: string, cause: Win32Error): TandemError {
  switch (cause.code) {
    case ERROR.FILE_NOT_FOUND:
      return new TandemError('E_UNAVAILABLE', `the Tandem service is not running (no pipe ${address})`, { cause });
    case ERROR.ACCESS_DENIED:
      return new TandemError('E_FORBIDDEN', `access to ${address} denied: the admin pipe needs an elevated administrator, an agent pipe its session's user`, { cause });
    case ERROR.PIPE_BUSY:
      return new TandemError('E_BUSY', `every instance of ${address} stayed busy for ${PIPE_BUSY_RETRY_MS / 1000} s`, { cause });
    default:
      return new TandemError('E_UNAVAILABLE', `cannot open ${address}: ${cause.message}`, { cause });
  }
}
