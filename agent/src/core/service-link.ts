/**
 * The agent's connection to the service: shared's ReconnectingClient (capped backoff with
 * jitter, re-subscription after each reconnect) plus the verification of every server before
 * the agent trusts it. It reports what happens as LinkEvents and knows nothing of the UI.
 *
 * A refused server completed a handshake, which to ReconnectingClient looks like success and
 * resets its backoff; retrying at once would hammer a wrong endpoint ten times a second. So a
 * refusal retires that client and a new one starts after a backoff of our own, which grows
 * with each refusal in a row.
 */
import {
  backoffDelay,
  commands,
  DEFAULT_RECONNECT,
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

type Client = ReconnectingClient<Commands, Events>;

export class ServiceLink {
  readonly #options: ServiceLinkOptions;
  readonly #policy: BackoffPolicy;
  /** Applied to every client this link creates, so event listeners survive a retired client. */
  readonly #subscriptions: Array<(client: Client) => void> = [];
  /** The live client; replaced after a refusal, undefined while waiting to retry or stopped. */
  #client: Client | undefined;
  #retry: NodeJS.Timeout | undefined;
  #refusals = 0;
  #stopped = false;
  /** True while the current connection is up and its server passed verification. */
  #trusted = false;

  constructor(options: ServiceLinkOptions) {
    this.#options = options;
    this.#policy = options.reconnect ?? DEFAULT_RECONNECT;
  }

  get up(): boolean {
    return this.#trusted;
  }

  start(): void {
    if (this.#stopped || this.#client !== undefined || this.#retry !== undefined) return;
    this.#spawn();
  }

  /** Stops reconnecting and closes the connection. No timer of the link is left running. */
  stop(): void {
    this.#stopped = true;
    this.#trusted = false;
    clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#retire();
  }

  /** Calls a command on the verified connection; E_UNAVAILABLE while there is none. */
  call<K extends keyof Commands & string>(command: K, params: ParamsIn<Commands, K>, options?: { timeoutMs?: number }): Promise<ResultOf<Commands, K>> {
    const client = this.#client;
    if (!this.#trusted || client === undefined) return Promise.reject(new TandemError('E_UNAVAILABLE', 'not connected to the Tandem service'));
    return client.call(command, params, options);
  }

  /** Subscribes to an event on every verified connection, present and future. */
  on<K extends keyof Events & string>(event: K, listener: (data: EventData<Events, K>) => void): void {
    const subscribe = (client: Client): void =>
      client.on(event, (data) => {
        if (this.#trusted && client === this.#client) listener(data);
      });
    this.#subscriptions.push(subscribe);
    if (this.#client !== undefined) subscribe(this.#client);
  }

  #spawn(): void {
    this.#retry = undefined;
    const { connector, clientName, requestTimeoutMs, onInvalidEvent } = this.#options;
    const client: Client = new ReconnectingClient({
      connector,
      commands,
      events,
      role: 'user',
      client: clientName,
      product: PRODUCT,
      reconnect: this.#policy,
      onState: (state) => {
        if (client === this.#client) this.#onState(state);
      },
      ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
      ...(onInvalidEvent === undefined ? {} : { onInvalidEvent }),
    });
    this.#client = client;
    for (const subscribe of this.#subscriptions) subscribe(client);
    client.start();
  }

  #retire(): void {
    const client = this.#client;
    this.#client = undefined;
    client?.stop();
  }

  #onState(state: LinkState): void {
    switch (state.kind) {
      case 'connecting':
        if (state.lastError === undefined) {
          this.#options.onEvent({ type: 'attempt', attempt: state.attempt });
        } else if (this.#trusted) {
          this.#trusted = false;
          this.#options.onEvent({ type: 'down', error: state.lastError });
        } else {
          this.#options.onEvent({ type: 'failed', attempt: state.attempt, error: state.lastError });
        }
        return;
      case 'connected': {
        const verdict = this.#options.verifyServer(state.client.welcome);
        if (verdict.ok) {
          this.#refusals = 0;
          this.#trusted = true;
          this.#options.onEvent({ type: 'up', link: verdict.link });
          return;
        }
        // Retired before any event or call of ours reaches it; a new client tries later.
        const delay = backoffDelay(this.#policy, this.#refusals++);
        this.#retire();
        this.#options.onEvent({
          type: 'failed',
          attempt: this.#refusals,
          error: new TandemError('E_FORBIDDEN', `refused the server at ${this.#options.connector.address}: ${verdict.problem}`),
        });
        if (!this.#stopped) this.#retry = setTimeout(() => this.#spawn(), delay);
        return;
      }
      case 'closed':
        this.#trusted = false;
        return;
    }
  }
}
