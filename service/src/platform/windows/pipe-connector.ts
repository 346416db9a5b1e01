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
import { FILE_FLAG, GENERIC_READ, GENERIC_WRITE, SECURITY_IDENTIFICATION, SECURITY_SQOS_PRESENT } from './win32/constants.js';
import type { Owned } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import type { Out } from './win32/koffi.js';
import { ERROR, Win32Error } from './win32/win32-error.js';
import { queryServiceProcessId } from './service-control.js';

/** Whom the client trusts as the pipe's server. */
export type ServerTrust =
  /** The process the SCM runs for this service (what agents and tandemctl use). */
  | { readonly kind: 'service'; readonly serviceName: string }
  /** One known process (tests, benchmarks). */
  | { readonly kind: 'process'; readonly pid: number };

export class WindowsPipeConnector implements Connector {
  readonly address: string;
  readonly #trust: ServerTrust;

  constructor(address: string, trust: ServerTrust) {
    this.address = address;
    this.#trust = trust;
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
    const expected = this.#expectedPid();
    if (serverPid[0] !== expected.pid) {
      throw new TandemError('E_FORBIDDEN', `refusing ${this.address}: its server is process ${serverPid[0]}, not ${expected.what} (process ${expected.pid})`);
    }
  }

  #expectedPid(): { pid: number; what: string } {
    if (this.#trust.kind === 'process') return { pid: this.#trust.pid, what: 'the expected server' };
    const pid = queryServiceProcessId(this.#trust.serviceName);
    if (pid === null) throw new TandemError('E_UNAVAILABLE', `the ${this.#trust.serviceName} service is not running, so nothing can be trusted on ${this.address}`);
    return { pid, what: `the ${this.#trust.serviceName} service` };
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
