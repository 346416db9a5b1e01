/**
 * The server side of the protocol: handshake, then requests routed through the command table to
 * typed handlers, and events pushed to clients. It serves any number of listeners (the admin
 * endpoint and one endpoint per session) and never sees how their bytes travel.
 */
import { describeError, isTandemError, TandemError, toWireError } from './errors.js';
import type { CommandTable, EventData, EventName, EventTable, ParamsOf, ResultOf } from './command-table.js';
import { FramedConnection } from './framed-connection.js';
import { DEFAULT_MAX_CONNECTIONS, PROTOCOL_VERSION, resolveLimits, type ConnectionLimits } from './limits.js';
import {
  decodeClientMessage,
  decodeHello,
  formatIssues,
  roleAllows,
  type EventMessage,
  type Request,
  type Response,
  type Role,
  type Welcome,
} from './messages.js';
import { RequestBudget, type RequestRate } from './request-budget.js';
import type { IncomingConnection, Listener, PeerIdentity } from './transport.js';

export interface CallContext<E extends EventTable> {
  readonly connection: ServerConnection<E>;
}

export type Handler<T extends CommandTable, E extends EventTable, K extends keyof T> = (
  params: ParamsOf<T, K>,
  context: CallContext<E>,
) => Promise<ResultOf<T, K>> | ResultOf<T, K>;

export type Handlers<T extends CommandTable, E extends EventTable> = { readonly [K in keyof T]: Handler<T, E, K> };

/** A structured log sink, so the protocol package does not depend on a logger. */
export type ProtocolLog = (level: 'debug' | 'info' | 'warn', message: string, fields: Record<string, unknown>) => void;

export interface RpcServerOptions<T extends CommandTable, E extends EventTable> {
  readonly commands: T;
  readonly events: E;
  readonly handlers: Handlers<T, E>;
  /** Product name and version sent in the welcome, e.g. `tandem/0.1.0`. */
  readonly product: string;
  readonly limits?: Partial<ConnectionLimits>;
  /**
   * Open connections per listener; more are refused with E_UNAVAILABLE. Counted per endpoint so
   * that one session's user filling theirs cannot lock the admin or other sessions out.
   */
  readonly maxConnections?: number;
  readonly log?: ProtocolLog;
  /**
   * Requests the `user` connections of one listener may make, together (request-budget.ts);
   * unlimited when absent. Administrators are trusted and never held back.
   */
  readonly userRequestRate?: RequestRate;
  /**
   * New connections one user endpoint accepts (request-budget.ts); unlimited when absent. Over
   * it, a connection is closed at once, before any work: no handshake, no answer, no timer.
   */
  readonly userConnectionRate?: RequestRate;
  /** Called once a connection completed its handshake, and when it closes. */
  readonly onConnectionChange?: (connection: ServerConnection<E>, open: boolean) => void;
}

/** A client connection, after a successful handshake. */
export interface ServerConnection<E extends EventTable> {
  readonly id: number;
  readonly role: Role;
  readonly peer: PeerIdentity;
  /** What the client called itself in its hello, e.g. `tandemctl/0.1.0`. */
  readonly client: string;
  emit<K extends EventName<E>>(event: K, data: EventData<E, K>): boolean;
  close(): void;
}

export class RpcServer<T extends CommandTable, E extends EventTable> {
  readonly #options: RpcServerOptions<T, E>;
  readonly #limits: ConnectionLimits;
  readonly #maxConnections: number;
  readonly #listeners = new Set<Listener>();
  readonly #open = new Set<FramedConnection>();
  /** Open connections of each listener, for the per-endpoint cap. */
  readonly #openPerListener = new Map<Listener, number>();
  readonly #ready = new Set<ServerConnection<E>>();
  /**
   * The user request budget of each listener, for as long as the listener lives: kept when its
   * last connection closes, so that reconnecting does not buy a fresh burst.
   */
  readonly #budgets = new WeakMap<Listener, RequestBudget>();
  readonly #connectionBudgets = new WeakMap<Listener, RequestBudget>();
  #nextId = 1;
  #closing = false;

  constructor(options: RpcServerOptions<T, E>) {
    this.#options = options;
    this.#limits = resolveLimits(options.limits);
    this.#maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  }

  /** Starts serving a listener. The server closes it in close(). */
  async attach(listener: Listener): Promise<void> {
    if (this.#closing) throw new TandemError('E_UNAVAILABLE', 'server is closing');
    await listener.listen(
      (incoming) => this.#accept(incoming, listener),
      (endpoint) => this.#admit(endpoint, listener),
    );
    this.#listeners.add(listener);
  }

  /** Stops serving one listener and closes it; its connections stay until they end. */
  async detach(listener: Listener): Promise<void> {
    if (!this.#listeners.delete(listener)) return;
    await listener.close();
  }

  /** Connections that completed the handshake. */
  get connections(): ReadonlySet<ServerConnection<E>> {
    return this.#ready;
  }

  /** Stops listening and closes every connection, telling each why. */
  async close(): Promise<void> {
    this.#closing = true;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const connection of this.#open) connection.fail(new TandemError('E_UNAVAILABLE', 'service is stopping'));
    await Promise.allSettled(listeners.map((listener) => listener.close()));
  }

  #log(level: 'debug' | 'info' | 'warn', message: string, fields: Record<string, unknown>): void {
    this.#options.log?.(level, message, fields);
  }

  /**
   * A loop of connections on a user's own endpoint is refused at the lowest cost there is: the
   * listener asks here before it builds anything for the connection.
   */
  #admit(endpoint: Pick<PeerIdentity, 'maxRole' | 'endpoint'>, listener: Listener): boolean {
    if (endpoint.maxRole !== 'user' || this.#connectionBudget(listener)?.take() !== false) return true;
    this.#log('warn', 'connection refused', { endpoint: endpoint.endpoint, reason: 'over the connection rate' });
    return false;
  }

  #accept({ stream, peer }: IncomingConnection, listener: Listener): void {
    const id = this.#nextId++;
    let session: ServerConnection<E> | undefined;
    let inFlight = 0;
    let handshakeTimer: NodeJS.Timeout | undefined;
    let budgetTimer: NodeJS.Timeout | undefined;

    const framed: FramedConnection = new FramedConnection(stream, this.#limits, {
      onFrame: (payload) => {
        if (session === undefined) {
          const hello = decodeHello(payload);
          clearTimeout(handshakeTimer);
          session = this.#handshake(id, framed, peer, hello.role, hello.client);
          return;
        }
        const message = decodeClientMessage(payload);
        if (message.type === 'hello') throw new TandemError('E_HANDSHAKE', 'hello sent twice');
        const waitMs = session.role === 'user' ? this.#budget(listener)?.spend() ?? 0 : 0;
        if (waitMs > 0 && budgetTimer === undefined) {
          framed.hold();
          budgetTimer = setTimeout(() => {
            budgetTimer = undefined;
            framed.release();
          }, waitMs);
        }
        const outcome = this.#dispatch(session, message);
        if (!(outcome instanceof Promise)) {
          this.#send(framed, outcome);
          return;
        }
        // Answers still being computed count against the cap; at the cap, stop reading.
        if (++inFlight === this.#limits.maxInFlight) framed.hold();
        void outcome.then((response) => {
          if (inFlight-- === this.#limits.maxInFlight) framed.release();
          this.#send(framed, response);
        });
      },
      onClose: (error) => {
        clearTimeout(handshakeTimer);
        clearTimeout(budgetTimer);
        if (this.#open.delete(framed)) this.#countOpen(listener, -1);
        if (session !== undefined) {
          this.#ready.delete(session);
          this.#options.onConnectionChange?.(session, false);
        }
        this.#log('debug', 'connection closed', { connection: id, endpoint: peer.endpoint, reason: error?.message ?? 'end' });
      },
    });

    const open = this.#openPerListener.get(listener) ?? 0;
    if (this.#closing || open >= this.#maxConnections) {
      this.#log('warn', 'connection refused', { endpoint: peer.endpoint, open });
      framed.fail(new TandemError('E_UNAVAILABLE', this.#closing ? 'service is stopping' : 'too many connections'));
      return;
    }
    this.#open.add(framed);
    this.#countOpen(listener, +1);
    handshakeTimer = setTimeout(() => {
      framed.fail(new TandemError('E_TIMEOUT', `no handshake within ${this.#limits.handshakeDeadlineMs} ms`));
    }, this.#limits.handshakeDeadlineMs);
  }

  /** Keeps the per-listener count, forgetting listeners with none (sessions come and go). */
  #countOpen(listener: Listener, change: 1 | -1): void {
    const open = (this.#openPerListener.get(listener) ?? 0) + change;
    if (open > 0) this.#openPerListener.set(listener, open);
    else this.#openPerListener.delete(listener);
  }

  #connectionBudget(listener: Listener): RequestBudget | undefined {
    return budgetOf(this.#connectionBudgets, listener, this.#options.userConnectionRate);
  }

  #budget(listener: Listener): RequestBudget | undefined {
    return budgetOf(this.#budgets, listener, this.#options.userRequestRate);
  }

  #handshake(id: number, framed: FramedConnection, peer: PeerIdentity, role: Role, client: string | undefined): ServerConnection<E> {
    if (!roleAllows(peer.maxRole, role)) {
      throw new TandemError('E_FORBIDDEN', `the ${peer.endpoint} endpoint does not grant the ${role} role`);
    }
    const session: ServerConnection<E> = {
      id,
      role,
      peer,
      client: client ?? 'unknown',
      emit: (event, data) => this.#send(framed, { type: 'event', event, data }),
      close: () => framed.end(),
    };
    const welcome: Welcome = { type: 'welcome', protocol: PROTOCOL_VERSION, product: this.#options.product, role, sessionId: peer.sessionId };
    this.#send(framed, welcome);
    this.#ready.add(session);
    this.#options.onConnectionChange?.(session, true);
    return session;
  }

  /**
   * Routes one request through the command table. A handler that answers synchronously is
   * answered at once, without a promise; an asynchronous one yields a promise of the response.
   * Neither ever rejects: every failure becomes an error response.
   */
  #dispatch(connection: ServerConnection<E>, request: Request): Response | Promise<Response> {
    const { id, command } = request;
    try {
      const spec = Object.hasOwn(this.#options.commands, command) ? this.#options.commands[command] : undefined;
      if (spec === undefined) throw new TandemError('E_UNKNOWN_COMMAND', `unknown command \`${command.slice(0, 64)}\``);
      if (!roleAllows(connection.role, spec.role)) {
        throw new TandemError('E_FORBIDDEN', `${spec.role} role required for ${command}`);
      }
      const parsed = spec.params.safeParse(request.params ?? {});
      if (!parsed.success) throw new TandemError('E_INVALID_PARAMS', `${command}: ${formatIssues(parsed.error)}`);
      const handler = this.#options.handlers[command] as Handler<T, E, keyof T>;
      const result: unknown = handler(parsed.data as ParamsOf<T, keyof T>, { connection });
      if (!isThenable(result)) return { type: 'response', id, ok: true, result };
      return Promise.resolve(result).then(
        (value): Response => ({ type: 'response', id, ok: true, result: value }),
        (error: unknown) => this.#failure(connection, request, error),
      );
    } catch (error) {
      return this.#failure(connection, request, error);
    }
  }

  #failure(connection: ServerConnection<E>, request: Request, error: unknown): Response {
    if (!(error instanceof TandemError)) {
      this.#log('warn', 'command failed', { command: request.command, connection: connection.id, error: describeError(error) });
    }
    return { type: 'response', id: request.id, ok: false, error: toWireError(error) };
  }

  #send(framed: FramedConnection, message: Welcome | Response | EventMessage): boolean {
    try {
      return framed.send(message);
    } catch (error) {
      this.#log('warn', 'message not sent', { type: message.type, error: describeError(error) });
      if (message.type !== 'response') return false;
      // An answer that cannot be framed still gets one, so the caller learns why instead of
      // waiting for its timeout. Only "too large" is the caller's business; a result with no
      // JSON form is the service's bug.
      const reason = isTandemError(error, 'E_TOO_LARGE') ? error : new Error('result is not JSON-serialisable');
      return framed.send({ type: 'response', id: message.id, ok: false, error: toWireError(reason) });
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The listener's budget in `budgets`, made on first use; none when no `rate` is configured. */
function budgetOf(budgets: WeakMap<Listener, RequestBudget>, listener: Listener, rate: ConstructorParameters<typeof RequestBudget>[0] | undefined): RequestBudget | undefined {
  if (rate === undefined) return undefined;
  let budget = budgets.get(listener);
  if (budget === undefined) {
    budget = new RequestBudget(rate);
    budgets.set(listener, budget);
  }
  return budget;
}
