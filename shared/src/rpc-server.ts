/**
 * The server side of the protocol: handshake, then requests routed through the command table to
 * typed handlers, and events pushed to clients. It serves any number of listeners (the admin
 * endpoint and one endpoint per session) and never sees how their bytes travel.
 */
import { describeError, TandemError, toWireError } from './errors.js';
import type { CommandTable, EventData, EventName, EventTable, ParamsOf, ResultOf } from './command-table.js';
import { FramedConnection } from './framed-connection.js';
import { DEFAULT_MAX_CONNECTIONS, PROTOCOL_VERSION, resolveLimits, type ConnectionLimits } from './limits.js';
import {
  ClientMessageSchema,
  decodeMessage,
  formatIssues,
  roleAllows,
  type Request,
  type Response,
  type Role,
  type Welcome,
} from './messages.js';
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
  /** Open connections over all listeners; more are refused with E_UNAVAILABLE. */
  readonly maxConnections?: number;
  readonly log?: ProtocolLog;
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
  readonly #ready = new Set<ServerConnection<E>>();
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
    await listener.listen((incoming) => this.#accept(incoming));
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

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    this.#closing = true;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    await Promise.allSettled(listeners.map((l) => l.close()));
    for (const connection of this.#open) connection.fail(new TandemError('E_UNAVAILABLE', 'service is stopping'));
  }

  #log(level: 'debug' | 'info' | 'warn', message: string, fields: Record<string, unknown>): void {
    this.#options.log?.(level, message, fields);
  }

  #accept({ stream, peer }: IncomingConnection): void {
    const id = this.#nextId++;
    let session: ServerConnection<E> | undefined;
    let inFlight = 0;
    let handshakeTimer: NodeJS.Timeout | undefined;

    const framed: FramedConnection = new FramedConnection(stream, this.#limits, {
      onFrame: (payload) => {
        const message = decodeMessage(payload, ClientMessageSchema);
        if (session === undefined) {
          if (message.type !== 'hello') throw new TandemError('E_HANDSHAKE', 'the first message must be a hello');
          clearTimeout(handshakeTimer);
          session = this.#handshake(id, framed, peer, message.protocol, message.role, message.client);
          return;
        }
        if (message.type === 'hello') throw new TandemError('E_HANDSHAKE', 'hello sent twice');
        inFlight++;
        if (inFlight === this.#limits.maxInFlight) framed.hold();
        void this.#dispatch(session, message).then((response) => {
          if (inFlight-- === this.#limits.maxInFlight) framed.release();
          this.#send(framed, response);
        });
      },
      onClose: (error) => {
        clearTimeout(handshakeTimer);
        this.#open.delete(framed);
        if (session !== undefined) {
          this.#ready.delete(session);
          this.#options.onConnectionChange?.(session, false);
        }
        this.#log('debug', 'connection closed', { connection: id, endpoint: peer.endpoint, reason: error?.message ?? 'end' });
      },
    });

    if (this.#closing || this.#open.size >= this.#maxConnections) {
      this.#log('warn', 'connection refused', { endpoint: peer.endpoint, open: this.#open.size });
      framed.fail(new TandemError('E_UNAVAILABLE', this.#closing ? 'service is stopping' : 'too many connections'));
      return;
    }
    this.#open.add(framed);
    handshakeTimer = setTimeout(() => {
      framed.fail(new TandemError('E_TIMEOUT', `no handshake within ${this.#limits.handshakeDeadlineMs} ms`));
    }, this.#limits.handshakeDeadlineMs);
  }

  #handshake(
    id: number,
    framed: FramedConnection,
    peer: PeerIdentity,
    protocol: number,
    role: Role,
    client: string | undefined,
  ): ServerConnection<E> {
    if (protocol !== PROTOCOL_VERSION) {
      throw new TandemError('E_UNSUPPORTED_VERSION', `protocol ${protocol} is not supported; this service speaks ${PROTOCOL_VERSION}`);
    }
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

  async #dispatch(connection: ServerConnection<E>, request: Request): Promise<Response> {
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
      const result: unknown = await handler(parsed.data as ParamsOf<T, keyof T>, { connection });
      return { type: 'response', id, ok: true, result };
    } catch (error) {
      if (!(error instanceof TandemError)) {
        this.#log('warn', 'command failed', { command, connection: connection.id, error: describeError(error) });
      }
      return { type: 'response', id, ok: false, error: toWireError(error) };
    }
  }

  #send(framed: FramedConnection, message: unknown): boolean {
    try {
      return framed.send(message);
    } catch (error) {
      // A handler produced a result larger than a frame: tell the caller instead of dropping it.
      const id = (message as { id?: unknown }).id;
      if (typeof id === 'number') {
        return framed.send({ type: 'response', id, ok: false, error: toWireError(error) });
      }
      this.#log('warn', 'message not sent', { error: describeError(error) });
      return false;
    }
  }
}
