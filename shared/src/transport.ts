/**
 * The transport boundary. A listener hands the RPC server connected byte streams with what the
 * platform knows about the peer; a connector hands a client a stream to a server it has already
 * verified. The protocol never learns whether the bytes came over a Unix socket, a plain named
 * pipe or an ACL'd Windows pipe created with koffi.
 */
import type { Duplex } from 'node:stream';
import type { GreetedStream } from './hello.js';
import type { Role } from './messages.js';

/** An account as the platform authenticated it, never as a client describes itself. */
export interface PeerAccount {
  /** The stable identity: a SID on Windows, a uid elsewhere. */
  readonly id: string;
  /** For people: DOMAIN\\user on Windows, the user name elsewhere. */
  readonly name: string;
}

/** What the platform established about a peer before any byte was read from it. */
export interface PeerIdentity {
  /** The highest role this endpoint grants; a client may ask for less, never more. */
  readonly maxRole: Role;
  /** The session the endpoint is bound to (agent endpoints); null for the admin endpoint. */
  readonly sessionId: number | null;
  /** The client's process id, when the platform can tell. */
  readonly pid: number | null;
  /** A short name of the endpoint for logs, e.g. `agent:3` or `admin`. */
  readonly endpoint: string;
  /**
   * The account the platform authenticated the client as (the pipe client's token on Windows);
   * null where the transport cannot tell. This, not the hello's client name, is who did it.
   */
  readonly account: PeerAccount | null;
}

export interface IncomingConnection {
  /** The connected stream. The RPC server owns it from here on and destroys it. */
  readonly stream: Duplex;
  readonly peer: PeerIdentity;
}

/** Asked before a connection costs anything; `endpoint` is the listener's own (its peer, before one is known). */
export type AdmitConnection = (endpoint: Pick<PeerIdentity, 'maxRole' | 'endpoint'>) => boolean;

/** One endpoint a server accepts connections on. The creator closes it. */
export interface Listener {
  /** Where it listens, for logs and for clients (socket path or pipe name). */
  readonly address: string;
  /**
   * Starts accepting. Rejects when the endpoint cannot be created (e.g. already in use).
   * `admit`, when given, is asked about every new connection before the listener spends anything
   * on it (no stream, no identity lookup); a connection it refuses is closed at once and never
   * reaches `onConnection`. It is how a loop of connections costs the service least.
   */
  listen(onConnection: (connection: IncomingConnection) => void, admit?: AdmitConnection): Promise<void>;
  /** Stops accepting and releases the endpoint. Open connections are not touched. */
  close(): Promise<void>;
}

/** How a client reaches a server. */
export interface Connector {
  readonly address: string;
  /**
   * Opens a stream to the server, after checking that the server is the one expected (on
   * Windows: the pipe's server process is the Tandem service). Rejects with a TandemError:
   * E_UNAVAILABLE when nothing listens, E_FORBIDDEN when the server is not trusted. A connector
   * may return a stream that already carries the client's hello (see hello.ts).
   */
  connect(): Promise<Duplex | GreetedStream>;
}
