/**
 * The console transport, for development, demos and tests on any OS: a Unix domain socket with
 * mode 0600 inside a private (0700, owned by us) directory on Linux and macOS, a named pipe on a
 * Windows developer machine. It trusts the file system for access control, which is exactly
 * right for a service running as the current user; the privileged Windows service uses ACL'd
 * pipes instead.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { TandemError } from './errors.js';
import type { AdmitConnection, Connector, IncomingConnection, Listener, PeerAccount, PeerIdentity } from './transport.js';

const isWindows = process.platform === 'win32';

/** Where console-mode sockets live unless TANDEM_RUNTIME_DIR says otherwise. */
export function defaultRuntimeDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TANDEM_RUNTIME_DIR) return path.resolve(env.TANDEM_RUNTIME_DIR);
  if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'tandem');
  const uid = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  return path.join(os.tmpdir(), `tandem-${uid}`);
}

/**
 * Creates `dir` private to this user, or checks that an existing one is: a directory (not a
 * link), owned by us, with no group or other access. Another user's directory at the same path
 * could hand our clients a socket of theirs, so that is refused, not repaired.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (isWindows) return;
  const stat = await fs.lstat(dir);
  if (!stat.isDirectory()) throw new TandemError('E_FORBIDDEN', `${dir} is not a directory`);
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new TandemError('E_FORBIDDEN', `${dir} belongs to uid ${stat.uid}, not to this user; refusing to use it`);
  }
  if ((stat.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
}

/** The address of endpoint `name` in `dir`: a socket path, or a pipe name on Windows. */
export function socketAddress(dir: string, name: string): string {
  if (!isWindows) return path.join(dir, `${name}.sock`);
  const scope = createHash('sha256').update(path.resolve(dir).toLowerCase()).digest('hex').slice(0, 12);
  return `\\\\.\\pipe\\tandem-console-${scope}-${name}`;
}

export interface SocketListenerOptions {
  readonly address: string;
  /** What this endpoint grants its clients. */
  readonly peer: Omit<PeerIdentity, 'pid' | 'account'>;
}

/**
 * Who a console client is. On Linux and macOS the socket (0600, in a 0700 directory we own) can
 * be opened only by this process's user (and root, who can be anyone anyway), so the client is
 * that user: the kernel's file permissions authenticated it. On Windows the console pipe has the
 * default DACL and says nothing about its client, so nobody is claimed.
 */
export function consolePeerAccount(): PeerAccount | null {
  if (isWindows) return null;
  const user = os.userInfo();
  return { id: String(user.uid), name: user.username };
}

/** How long a Unix-socket endpoint stops listening after it refused a connection over its rate. */
const REFUSED_PAUSE_MS = 250;

export class SocketListener implements Listener {
  readonly address: string;
  readonly #peer: PeerIdentity;
  #server: net.Server | undefined;
  #paused: NodeJS.Timeout | undefined;

  constructor(options: SocketListenerOptions) {
    this.address = options.address;
    this.#peer = { ...options.peer, pid: null, account: consolePeerAccount() };
  }

  async listen(onConnection: (connection: IncomingConnection) => void, admit?: AdmitConnection): Promise<void> {
    if (!isWindows) await ensurePrivateDir(path.dirname(this.address));
    const server = net.createServer({ pauseOnConnect: false }, (socket) => {
      socket.setNoDelay?.(true);
      onConnection({ stream: socket, peer: this.#peer });
    });
    if (admit !== undefined) {
      gateConnections(server, () => {
        if (admit(this.#peer)) return true;
        this.#pause(server);
        return false;
      });
    }
    try {
      await listenOn(server, this.address);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || isWindows) throw addressError(this.address, error);
      // A socket file is there: a live service, or one left by a crash.
      if (await isLive(this.address)) {
        throw new TandemError('E_CONFLICT', `another Tandem service is already listening on ${this.address}`);
      }
      await fs.rm(this.address, { force: true });
      await listenOn(server, this.address).catch((retry: unknown) => {
        throw addressError(this.address, retry);
      });
    }
    if (!isWindows) await fs.chmod(this.address, 0o600);
    this.#server = server;
  }

  /**
   * After a refusal, a Unix socket stops listening for REFUSED_PAUSE_MS: a loop of connections
   * then fails in its own process (ENOENT) instead of costing this one an accept and a close
   * each. Only the endpoint's own clients notice (the socket is theirs alone, in a directory
   * nobody else may enter), and they reconnect as after any outage. A Windows pipe is not paused:
   * closing it would leave its name free for anyone to create (SECURITY.md I1).
   */
  #pause(server: net.Server): void {
    if (isWindows || this.#paused !== undefined || this.#server !== server) return;
    server.close();
    this.#paused = setTimeout(() => void this.#resume(server), REFUSED_PAUSE_MS);
  }

  async #resume(server: net.Server): Promise<void> {
    this.#paused = undefined;
    if (this.#server !== server) return;
    try {
      await listenOn(server, this.address);
      await fs.chmod(this.address, 0o600);
    } catch {
      // Closed meanwhile, or the path taken by this user's own process: try again later.
      server.close();
      if (this.#server === server) this.#paused = setTimeout(() => void this.#resume(server), REFUSED_PAUSE_MS);
      return;
    }
    if (this.#server !== server) server.close();
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    clearTimeout(this.#paused);
    this.#paused = undefined;
    // Stops accepting at once (libuv closes the socket and removes its file). Not waiting for
    // the 'close' event: it comes only after every accepted connection ended, and those
    // belong to the RPC server, not to the listener.
    server?.close();
  }
}

/**
 * Makes `server` ask `admit` about each new connection before Node builds a Socket for it. Node
 * reads `maxConnections` first thing for every accepted handle (net.js onconnection:
 * `maxConnections && _connections >= maxConnections` closes the bare handle and emits 'drop'), so
 * a getter answering -1 refuses one connection for the price of accept and close, and answering
 * undefined lets it through. Checked on Node 20 and 22 by console-transport.test.ts.
 */
function gateConnections(server: net.Server, admit: () => boolean): void {
  // A refusal is read twice by that one expression (truthy, then compared); the second read must
  // not ask again. The answer is forgotten before the next connection whatever Node reads.
  let refusing = false;
  Object.defineProperty(server, 'maxConnections', {
    configurable: true,
    get: () => {
      if (refusing) return -1;
      if (admit()) return undefined;
      refusing = true;
      process.nextTick(() => (refusing = false));
      return -1;
    },
    set: () => {
      throw new TypeError('maxConnections is taken by the connection gate of a SocketListener');
    },
  });
}

/**
 * A client of a Unix socket. On Windows, Tandem's clients do not use it for pipes: net.connect
 * opens a pipe with impersonation-level SQOS and checks nothing about its server, so the agent and
 * tandemctl go through @tandem/service's createConnector, which opens every pipe at
 * identification level and verifies its server (SECURITY.md F7). This package cannot: it
 * loads no native code.
 */
export class SocketConnector implements Connector {
  readonly address: string;

  constructor(address: string) {
    this.address = address;
  }

  connect(): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.address);
      socket.setNoDelay?.(true);
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        resolve(socket);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        socket.destroy();
        const missing = error.code === 'ENOENT' || error.code === 'ECONNREFUSED';
        reject(
          new TandemError(
            missing ? 'E_UNAVAILABLE' : 'E_CLOSED',
            missing ? `the Tandem service is not running (nothing listens on ${this.address})` : `cannot connect to ${this.address}: ${error.message}`,
          ),
        );
      });
    });
  }
}

function listenOn(server: net.Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(address, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function isLive(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(address);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function addressError(address: string, error: unknown): TandemError {
  return new TandemError('E_UNAVAILABLE', `cannot listen on ${address}: ${(error as Error).message}`, { cause: error });
}
