/**
 * The agent's connection to the service: shared's ReconnectingClient (capped backoff with
 * jitter, re-subscription after each reconnect) plus the verification of every server before
 * the agent trusts it. It reports what happens as LinkEvents and knows nothing of the UI.
 */
import {
  commands,
  events,
  PRODUCT,
  ReconnectingClient,
  TandemError,
  type BackoffPolicy,
  type Commands,
  type Connector,
  type EventData,
  type Events,
  type LinkState,
  type ParamsIn,
  type ResultOf,
} from '@tandem/shared';
import type { LinkInfo } from './agent-state.js';
import type { ServerVerifier } from './server-verification.js';

export type LinkEvent =
  | { readonly type: 'attempt'; readonly attempt: number }
  | { readonly type: 'failed'; readonly attempt: number; readonly error: TandemError }
  | { readonly type: 'up'; readonly link: LinkInfo }
  | { readonly type: 'down'; readonly error: TandemError };

export interface ServiceLinkOptions {
  readonly connector: Connector;
  /** Our name in the service's log, e.g. `tandem-agent/0.1.0`. */
  readonly clientName: string;
  readonly verifyServer: ServerVerifier;
  readonly onEvent: (event: LinkEvent) => void;
  readonly reconnect?: BackoffPolicy;
  readonly requestTimeoutMs?: number;
  /** Events from the service that failed validation; they are dropped. */
  readonly onInvalidEvent?: (event: string, problem: string) => void;
}

export class ServiceLink {
  readonly #client: ReconnectingClient<Commands, Events>;
  readonly #options: ServiceLinkOptions;
  /** True while the current connection is up and its server passed verification. */
  #trusted = false;
  /** Why the last server was refused; reported instead of the close that follows. */
  #refusal: TandemError | undefined;

  constructor(options: ServiceLinkOptions) {
    this.#options = options;
    this.#client = new ReconnectingClient({
      connector: options.connector,
      commands,
      events,
      role: 'user',
      client: options.clientName,
      product: PRODUCT,
      onState: (state) => this.#onState(state),
      ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
      ...(options.onInvalidEvent === undefined ? {} : { onInvalidEvent: options.onInvalidEvent }),
    });
  }

  get up(): boolean {
    return this.#trusted;
  }

  start(): void {
    this.#client.start();
  }

  /** Stops reconnecting and closes the connection. */
  stop(): void {
    this.#trusted = false;
    this.#client.stop();
  }

  /** Calls a command on the verified connection; E_UNAVAILABLE while there is none. */
  call<K extends keyof Commands & string>(command: K, params: ParamsIn<Commands, K>, options?: { timeoutMs?: number }): Promise<ResultOf<Commands, K>> {
    if (!this.#trusted) return Promise.reject(new TandemError('E_UNAVAILABLE', 'not connected to the Tandem service'));
    return this.#client.call(command, params, options);
  }

  /** Subscribes to an event on every verified connection, present and future. */
  on<K extends keyof Events & string>(event: K, listener: (data: EventData<Events, K>) => void): void {
    this.#client.on(event, (data) => {
      if (this.#trusted) listener(data);
    });
  }

  #onState(state: LinkState): void {
    switch (state.kind) {
      case 'connecting': {
        if (state.lastError === undefined) {
          this.#options.onEvent({ type: 'attempt', attempt: state.attempt });
        } else if (this.#trusted) {
          this.#trusted = false;
          this.#options.onEvent({ type: 'down', error: state.lastError });
        } else {
          const error = this.#refusal ?? state.lastError;
          this.#refusal = undefined;
          this.#options.onEvent({ type: 'failed', attempt: state.attempt, error });
        }
        return;
      }
      case 'connected': {
        const verdict = this.#options.verifyServer(state.client.welcome);
        if (!verdict.ok) {
          // Closed before any event or call of ours reaches it; the reconnect loop goes on.
          this.#refusal = new TandemError('E_FORBIDDEN', `refused the server at ${this.#options.connector.address}: ${verdict.problem}`);
          state.client.close();
          return;
        }
        this.#trusted = true;
        this.#options.onEvent({ type: 'up', link: verdict.link });
        return;
      }
      case 'closed':
        this.#trusted = false;
        return;
    }
  }
}
