/**
 * Keeps one RpcClient connected: reconnects with capped exponential backoff and jitter after the
 * service goes away, and re-subscribes event listeners on every new connection. No timer runs
 * while connected, so an idle client costs nothing.
 */
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import type { CommandTable, EventData, EventName, EventTable, ParamsIn, ResultOf } from './command-table.js';
import { TandemError } from './errors.js';
import { RpcClient, type RpcClientOptions } from './rpc-client.js';

export type LinkState =
  | { readonly kind: 'connecting'; readonly attempt: number; readonly lastError: TandemError | undefined }
  | { readonly kind: 'connected'; readonly client: RpcClient<CommandTable, EventTable> }
  | { readonly kind: 'closed' };

export const DEFAULT_RECONNECT: BackoffPolicy = Object.freeze({ initialMs: 100, maxMs: 2_000, jitter: 0.5 });

export interface ReconnectingClientOptions<T extends CommandTable, E extends EventTable> extends RpcClientOptions<T, E> {
  readonly reconnect?: BackoffPolicy;
  readonly onState?: (state: LinkState) => void;
}

export class ReconnectingClient<T extends CommandTable, E extends EventTable> {
  readonly #options: ReconnectingClientOptions<T, E>;
  readonly #policy: BackoffPolicy;
  readonly #subscriptions: Array<(client: RpcClient<T, E>) => void> = [];
  #client: RpcClient<T, E> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #attempt = 0;
  /** Set while an attempt is under way, so a second start() does not open a second connection. */
  #connecting = false;
  #stopped = false;
  #waiters: Array<{ resolve: (client: RpcClient<T, E>) => void; reject: (error: TandemError) => void }> = [];

  constructor(options: ReconnectingClientOptions<T, E>) {
    this.#options = options;
    this.#policy = options.reconnect ?? DEFAULT_RECONNECT;
  }

  /** Starts connecting; the state callback reports progress. */
  start(): void {
    if (this.#stopped || this.#connecting || this.#client !== undefined || this.#timer !== undefined) return;
    void this.#connect();
  }

  get connected(): RpcClient<T, E> | undefined {
    return this.#client;
  }

  /** Calls a command on the current connection; E_UNAVAILABLE while there is none. */
  call<K extends keyof T & string>(command: K, params: ParamsIn<T, K>, options?: { timeoutMs?: number }): Promise<ResultOf<T, K>> {
    if (this.#client === undefined) {
      return Promise.reject(new TandemError('E_UNAVAILABLE', 'not connected to the Tandem service'));
    }
    return this.#client.call(command, params, options);
  }

  /** Resolves with the next connected client (at once when connected). */
  ready(): Promise<RpcClient<T, E>> {
    if (this.#client !== undefined) return Promise.resolve(this.#client);
    if (this.#stopped) return Promise.reject(new TandemError('E_CLOSED', 'client stopped'));
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Subscribes to an event on every connection, present and future. */
  on<K extends EventName<E>>(event: K, listener: (data: EventData<E, K>) => void): void {
    const subscribe = (client: RpcClient<T, E>): void => void client.on(event, listener);
    this.#subscriptions.push(subscribe);
    if (this.#client !== undefined) subscribe(this.#client);
  }

  /** Stops reconnecting and closes the connection. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#client?.close();
    this.#client = undefined;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new TandemError('E_CLOSED', 'client stopped'));
    this.#options.onState?.({ kind: 'closed' });
  }

  async #connect(): Promise<void> {
    this.#timer = undefined;
    this.#options.onState?.({ kind: 'connecting', attempt: this.#attempt, lastError: undefined });
    let client: RpcClient<T, E>;
    this.#connecting = true;
    try {
      client = await RpcClient.connect(this.#options);
    } catch (error) {
      const reason = error instanceof TandemError ? error : new TandemError('E_UNAVAILABLE', String(error));
      this.#retry(reason);
      return;
    } finally {
      this.#connecting = false;
    }
    if (this.#stopped) {
      client.close();
      return;
    }
    this.#attempt = 0;
    this.#client = client;
    for (const subscribe of this.#subscriptions) subscribe(client);
    client.onClose((error) => this.#lost(client, error));
    this.#options.onState?.({ kind: 'connected', client: client as unknown as RpcClient<CommandTable, EventTable> });
    for (const waiter of this.#waiters.splice(0)) waiter.resolve(client);
  }

  #lost(client: RpcClient<T, E>, error: TandemError | undefined): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    if (this.#stopped) return;
    this.#retry(error ?? new TandemError('E_CLOSED', 'the service closed the connection'));
  }

  #retry(reason: TandemError): void {
    if (this.#stopped) return;
    const delay = backoffDelay(this.#policy, this.#attempt++);
    this.#options.onState?.({ kind: 'connecting', attempt: this.#attempt, lastError: reason });
    this.#timer = setTimeout(() => void this.#connect(), delay);
  }
}
