/**
 * A Listener on a named pipe created with koffi, because libuv's pipe servers cannot carry a
 * DACL (nodejs/node#47086). Each instance is created with the endpoint's SDDL, rejects remote
 * clients, and the first one claims the name (FILE_FLAG_FIRST_PIPE_INSTANCE: if someone else
 * created it first, listening fails instead of sharing the name). One instance waits at a time
 * in an overlapped ConnectNamedPipe, observed through its event (no libuv thread held). A
 * connected client is identified and admitted before any byte is read; only then is the handle
 * given to libuv as an ordinary socket.
 */
import { TandemError, type AdmitConnection, type IncomingConnection, type Listener, type PeerAccount, type PeerIdentity } from '@tandem/shared';
import { waitForHandle, type HandleWait } from './handle-wait.js';
import { socketFromPipe } from './libuv-stream.js';
import { ClientRejected, identifyPipeClient, type Admission, type PipeClient } from './pipe-client.js';
import { checkHandle, lastError } from './win32/call.js';
import { FILE_FLAG, PIPE } from './win32/constants.js';
import { closeAll, ownHandle, type Owned } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import { koffi, win32Types, type Out } from './win32/koffi.js';
import { descriptorFromSddl } from './win32/security.js';
import { ERROR, Win32Error } from './win32/win32-error.js';

const BUFFER_SIZE = 64 * 1024;

export interface AclPipeListenerOptions {
  readonly address: string;
  /** The DACL of every instance (see pipe-acl.ts). */
  readonly sddl: string;
  readonly peer: Omit<PeerIdentity, 'pid' | 'account'>;
  readonly admit: Admission;
  /** Told about every refused client and every failure to accept one (for the log); the connection is already closed. */
  readonly onRejected?: (reason: string, client: PipeClient | null) => void;
}

/** One pipe instance waiting for a client. */
interface PendingInstance {
  readonly pipe: Owned;
  readonly event: Owned;
  /** The OVERLAPPED the kernel writes to until the connect completes: kept referenced until then. */
  readonly overlapped: Buffer;
  readonly wait: HandleWait;
  /** Settles once the connect has completed or was cancelled and the instance was handled. */
  readonly done: Promise<void>;
}

export class AclPipeListener implements Listener {
  readonly address: string;
  readonly #options: AclPipeListenerOptions;
  #onConnection: ((connection: IncomingConnection) => void) | undefined;
  #gate: AdmitConnection | undefined;
  #pending: PendingInstance | undefined;
  #listening = false;
  #firstCreated = false;

  constructor(options: AclPipeListenerOptions) {
    this.address = options.address;
    this.#options = options;
  }

  async listen(onConnection: (connection: IncomingConnection) => void, gate?: AdmitConnection): Promise<void> {
    if (this.#listening) throw new TandemError('E_CONFLICT', `already listening on ${this.address}`);
    this.#onConnection = onConnection;
    this.#gate = gate;
    this.#listening = true;
    try {
      this.#arm();
    } catch (error) {
      this.#listening = false;
      if (error instanceof Win32Error && (error.code === ERROR.ACCESS_DENIED || error.code === ERROR.PIPE_BUSY)) {
        throw new TandemError('E_CONFLICT', `${this.address} already exists: another process created this pipe first`, { cause: error });
      }
      throw new TandemError('E_UNAVAILABLE', `cannot listen on ${this.address}: ${(error as Error).message}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    this.#listening = false;
    const pending = this.#pending;
    if (pending === undefined) return;
    // Completes the pending connect with ERROR_OPERATION_ABORTED; its handler then frees it.
    if (kernel32().CancelIoEx(pending.pipe.value, koffi().address(pending.overlapped)) === 0 && lastError() !== ERROR.NOT_FOUND) {
      pending.wait.cancel();
      closeAll(pending.pipe, pending.event);
      this.#pending = undefined;
      return;
    }
    await pending.done;
  }

  /** Creates the next instance and starts an overlapped connect on it. */
  #arm(): void {
    const first = !this.#firstCreated;
    const { descriptor, attributes } = descriptorFromSddl(this.#options.sddl);
    let pipe: Owned;
    try {
      const openMode = PIPE.ACCESS_DUPLEX | FILE_FLAG.OVERLAPPED | (first ? FILE_FLAG.FIRST_PIPE_INSTANCE : 0);
      const pipeMode = PIPE.TYPE_BYTE | PIPE.READMODE_BYTE | PIPE.WAIT | PIPE.REJECT_REMOTE_CLIENTS;
      const raw = kernel32().CreateNamedPipeW(this.address, openMode, pipeMode, PIPE.UNLIMITED_INSTANCES, BUFFER_SIZE, BUFFER_SIZE, 0, attributes);
      pipe = ownHandle(checkHandle('CreateNamedPipeW', raw, this.address), `pipe ${this.address}`);
    } finally {
      descriptor.close();
    }
    this.#firstCreated = true;
    let event: Owned | undefined;
    try {
      event = ownHandle(checkHandle('CreateEventW', kernel32().CreateEventW(null, 1, 0, null)), 'connect event');
      const overlapped = Buffer.alloc(koffi().sizeof(win32Types().OVERLAPPED));
      koffi().encode(overlapped, win32Types().OVERLAPPED, { Internal: 0n, InternalHigh: 0n, Offset: 0, OffsetHigh: 0, hEvent: event.value });
      if (kernel32().ConnectNamedPipe(pipe.value, koffi().address(overlapped)) === 0) {
        const code = lastError();
        if (code === ERROR.PIPE_CONNECTED) {
          // A client connected between CreateNamedPipeW and ConnectNamedPipe: no event will come.
          event.close();
          this.#pending = undefined;
          this.#connected(pipe);
          return;
        }
        if (code !== ERROR.IO_PENDING) throw new Win32Error('ConnectNamedPipe', code, this.address);
      }
      const wait = waitForHandle(event.value, `connect event of ${this.address}`);
      const ownedEvent = event;
      const done = wait.signalled
        .then(() => this.#completed(pipe, ownedEvent, overlapped))
        .catch((error: unknown) => this.#options.onRejected?.(`${this.address}: ${(error as Error).message}`, null));
      this.#pending = { pipe, event, overlapped, wait, done };
    } catch (error) {
      closeAll(event, pipe);
      throw error;
    }
  }

  #completed(pipe: Owned, event: Owned, overlapped: Buffer): void {
    this.#pending = undefined;
    const transferred: Out<number> = [0];
    const ok = kernel32().GetOverlappedResult(pipe.value, koffi().address(overlapped), transferred, 0) !== 0;
    const code = ok ? ERROR.SUCCESS : lastError();
    event.close();
    if (ok || code === ERROR.PIPE_CONNECTED) {
      this.#connected(pipe);
      return;
    }
    // Cancelled by close(), or the client vanished before we looked: drop this instance, but
    // only after the next one exists, so the name is never free for someone else to create
    // (SECURITY.md I1; later instances cannot claim it with FIRST_PIPE_INSTANCE).
    if (this.#listening) this.#rearm();
    pipe.close();
  }

  /** A client is connected to `pipe`: open the next instance first (I1), then admit or refuse this one. */
  #connected(pipe: Owned): void {
    if (this.#listening) this.#rearm();
    // Over the server's connection rate: closed before the client's token or process is looked at.
    if (this.#gate?.(this.#options.peer) === false) {
      pipe.close();
      return;
    }
    let client: PipeClient | null = null;
    let account: PeerAccount;
    try {
      client = identifyPipeClient(pipe.value);
      account = this.#options.admit(pipe.value, client);
    } catch (error) {
      pipe.close();
      const reason = error instanceof ClientRejected ? error.message : `cannot check the client: ${(error as Error).message}`;
      this.#options.onRejected?.(reason, client);
      return;
    }
    const onConnection = this.#onConnection;
    if (onConnection === undefined || !this.#listening) {
      pipe.close();
      return;
    }
    let stream;
    try {
      stream = socketFromPipe(pipe);
    } catch (error) {
      pipe.close();
      this.#options.onRejected?.(`cannot hand the connection to libuv: ${(error as Error).message}`, client);
      return;
    }
    const peer: PeerIdentity = { ...this.#options.peer, pid: client.pid, account };
    onConnection({ stream, peer });
  }

  #rearm(): void {
    try {
      this.#arm();
    } catch (error) {
      // The endpoint can no longer accept; say so rather than go quietly deaf.
      this.#listening = false;
      this.#options.onRejected?.(`${this.address} stopped accepting: ${(error as Error).message}`, null);
    }
  }
}
