/**
 * The client side of the protocol: connect, handshake, typed calls with timeouts, validated
 * events. One RpcClient is one connection; ReconnectingClient keeps one alive.
 */
import type { Duplex } from 'node:stream';
import type { CommandTable, EventData, EventName, EventTable, ParamsIn, ResultOf } from './command-table.js';
import { TandemError } from './errors.js';
import { FramedConnection } from './framed-connection.js';
import { helloMessage, isGreeted } from './hello.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, PROTOCOL_VERSION, resolveLimits, type ConnectionLimits } from './limits.js';
import { decodeServerMessage, formatIssues, type Role, type Welcome } from './messages.js';
import type { Connector } from './transport.js';

export interface RpcClientOptions<T extends CommandTable, E extends EventTable> {
  readonly connector: Connector;
  readonly commands: T;
  readonly events: E;
  readonly role: Role;
  /** The client's name and version for the server's logs, e.g. `tandemctl/0.1.0`. */
  readonly client: string;
  readonly product: string;
  readonly limits?: Partial<ConnectionLimits>;
  readonly requestTimeoutMs?: number;
  /** Called with events that fail validation, which are dropped. */
  readonly onInvalidEvent?: (event: string, problem: string) => void;
}

interface Pending {
  readonly command: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: TandemError) => void;
  /** When the call times out, on the performance.now() clock. */
  readonly deadline: number;
  readonly timeoutMs: number;
}

type Listener<E extends EventTable> = { [K in EventName<E>]?: Set<(data: EventData<E, K>) => void> };

export class RpcClient<T extends CommandTable, E extends EventTable> {
  readonly #options: RpcClientOptions<T, E>;
  readonly #framed: FramedConnection;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners: Listener<E> = {};
  readonly #closeListeners = new Set<(error: TandemError | undefined) => void>();
  #nextId = 1;
  #welcome: Welcome | undefined;
  #handshake: { resolve: () => void; reject: (error: TandemError) => void } | undefined;
  #closedWith: TandemError | undefined;
  #closed = false;
  /**
   * One timer for every call's deadline instead of one per call: under load a timer per call
   * costs more than the call itself. It is armed for the earliest deadline it knows of and
   * sweeps expired calls when it fires. It is unref'd: the open socket is what keeps the
   * process alive while calls are pending, and the timer dies with the connection.
   */
  #deadlineTimer: NodeJS.Timeout | undefined;
  #deadlineAt = Number.POSITIVE_INFINITY;

  private constructor(stream: Duplex, options: RpcClientOptions<T, E>) {
    this.#options = options;
    this.#framed = new FramedConnection(
      stream,
      resolveLimits(options.limits),
      { onFrame: (payload) => this.#onFrame(payload), onClose: (error) => this.#onClose(error) },
      { onWriteBackpressure: 'keep-reading' },
    );
  }

  /** Connects and completes the handshake, or rejects with a TandemError saying why not. */
  static async connect<T extends CommandTable, E extends EventTable>(options: RpcClientOptions<T, E>): Promise<RpcClient<T, E>> {
    const opened = await options.connector.connect();
    if (isGreeted(opened) && (opened.hello.role !== options.role || opened.hello.client !== options.client)) {
      opened.stream.destroy();
      throw new TandemError('E_HANDSHAKE', `the connector greeted as ${opened.hello.role} ${String(opened.hello.client)}, not as ${options.role} ${options.client}`);
    }
    const client = new RpcClient(isGreeted(opened) ? opened.stream : opened, options);
    await client.#hello(isGreeted(opened));
    return client;
  }

  /** What the server said in its welcome: its product, the role granted, the session bound. */
  get welcome(): Welcome {
    if (this.#welcome === undefined) throw new TandemError('E_HANDSHAKE', 'handshake not completed');
    return this.#welcome;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Calls a command. Rejects with the server's TandemError, E_TIMEOUT or E_CLOSED. */
  call<K extends keyof T & string>(command: K, params: ParamsIn<T, K>, options: { timeoutMs?: number } = {}): Promise<ResultOf<T, K>> {
    if (this.#closed) return Promise.reject(this.#closedError());
    const id = this.#nextId++;
    const timeoutMs = options.timeoutMs ?? this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    return new Promise<ResultOf<T, K>>((resolve, reject) => {
      // Registered before sending: a stream may deliver the answer before write() returns.
      const deadline = performance.now() + timeoutMs;
      this.#pending.set(id, { command, resolve: resolve as (value: unknown) => void, reject, deadline, timeoutMs });
      try {
        this.#framed.send({ type: 'request', id, command, params });
      } catch (error) {
        this.#pending.delete(id);
        reject(error instanceof TandemError ? error : new TandemError('E_BAD_MESSAGE', String(error)));
        return;
      }
      this.#armDeadline(deadline);
    });
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends EventName<E>>(event: K, listener: (data: EventData<E, K>) => void): () => void {
    const set = (this.#listeners[event] ??= new Set()) as Set<(data: EventData<E, K>) => void>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Called once when the connection ends; `error` is undefined for a clean close by us. */
  onClose(listener: (error: TandemError | undefined) => void): () => void {
    if (this.#closed) {
      queueMicrotask(() => listener(this.#closedWith));
      return () => undefined;
    }
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  close(): void {
    this.#framed.end();
  }

  /** Sends the hello (unless the connector already did) and waits for the welcome. */
  #hello(alreadySent: boolean): Promise<void> {
    const timeoutMs = this.#options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#framed.fail(new TandemError('E_TIMEOUT', `no welcome from ${this.#options.connector.address} within ${timeoutMs} ms`), false);
      }, timeoutMs);
      this.#handshake = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      if (!alreadySent) this.#framed.send(helloMessage(this.#options.role, this.#options.client, this.#options.product));
    });
  }

  #armDeadline(deadline: number): void {
    if (this.#deadlineTimer !== undefined && this.#deadlineAt <= deadline) return;
    clearTimeout(this.#deadlineTimer);
    this.#deadlineAt = deadline;
    this.#deadlineTimer = setTimeout(() => this.#expire(), Math.max(0, Math.ceil(deadline - performance.now())));
    this.#deadlineTimer.unref();
  }

  /** Rejects the calls whose deadline passed and re-arms for the next one. */
  #expire(): void {
    this.#deadlineTimer = undefined;
    this.#deadlineAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [id, pending] of this.#pending) {
      if (pending.deadline <= now) {
        this.#pending.delete(id);
        pending.reject(new TandemError('E_TIMEOUT', `${pending.command} got no answer within ${pending.timeoutMs} ms`));
      } else {
        next = Math.min(next, pending.deadline);
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.#armDeadline(next);
  }

  #onFrame(payload: Buffer): void {
    const message = decodeServerMessage(payload);
    switch (message.type) {
      case 'welcome': {
        if (this.#welcome !== undefined) throw new TandemError('E_HANDSHAKE', 'welcome sent twice');
        if (message.protocol !== PROTOCOL_VERSION) {
          throw new TandemError('E_UNSUPPORTED_VERSION', `server speaks protocol ${message.protocol}; this client speaks ${PROTOCOL_VERSION}`);
        }
        this.#welcome = message;
        this.#handshake?.resolve();
        this.#handshake = undefined;
        return;
      }
      case 'response': {
        const pending = this.#pending.get(message.id);
        if (pending === undefined) return; // Timed out already.
        this.#pending.delete(message.id);
        if (!message.ok) {
          pending.reject(TandemError.fromWire(message.error));
          return;
        }
        const spec = this.#options.commands[pending.command];
        const parsed = spec?.result.safeParse(message.result);
        if (parsed === undefined || !parsed.success) {
          const problem = parsed === undefined ? 'no such command' : formatIssues(parsed.error);
          pending.reject(new TandemError('E_BAD_MESSAGE', `invalid result for ${pending.command}: ${problem}`));
          return;
        }
        pending.resolve(parsed.data);
        return;
      }
      case 'event': {
        this.#emit(message.event, message.data);
        return;
      }
      case 'error': {
        this.#closedWith ??= TandemError.fromWire(message.error);
        return;
      }
    }
  }

  #emit(event: string, data: unknown): void {
    if (!Object.hasOwn(this.#options.events, event)) {
      this.#options.onInvalidEvent?.(event, 'unknown event');
      return;
    }
    const name = event as EventName<E>;
    const parsed = this.#options.events[name]?.safeParse(data);
    if (parsed === undefined || !parsed.success) {
      this.#options.onInvalidEvent?.(event, parsed === undefined ? 'no schema' : formatIssues(parsed.error));
      return;
    }
    for (const listener of this.#listeners[name] ?? []) listener(parsed.data as EventData<E, typeof name>);
  }

  #closedError(): TandemError {
    return this.#closedWith ?? new TandemError('E_CLOSED', 'connection to the service is closed');
  }

  #onClose(error: TandemError | undefined): void {
    this.#closed = true;
    this.#closedWith ??= error;
    const reason = this.#closedError();
    this.#handshake?.reject(reason);
    this.#handshake = undefined;
    clearTimeout(this.#deadlineTimer);
    this.#deadlineTimer = undefined;
    for (const pending of this.#pending.values()) pending.reject(reason);
    this.#pending.clear();
    for (const listener of this.#closeListeners) listener(this.#closedWith);
    this.#closeListeners.clear();
  }
}
