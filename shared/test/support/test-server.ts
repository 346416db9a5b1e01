/**
 * A real RpcServer on a private temporary directory, serving the real command table with
 * handlers a test can steer: each test gets an admin endpoint and a user endpoint bound to
 * session 1, and closes everything with dispose().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  commands,
  defaultConfig,
  events,
  PRODUCT,
  RpcClient,
  RpcServer,
  SocketConnector,
  SocketListener,
  socketAddress,
  TandemError,
  type ActionStarted,
  type Commands,
  type ConnectionLimits,
  type Events,
  type Handlers,
  type AdmitConnection,
  type IncomingConnection,
  type Listener,
  type ProtocolLog,
  type Role,
  type RpcServerOptions,
} from '../../src/index.js';

export type TestClient = RpcClient<Commands, Events>;

export const USER_SESSION = 1;

/** What agent.action answers, for tests that use it as any user command: `ran <id>` as the run's id. */
export function actionStarted(id: string): ActionStarted {
  return { runId: `ran ${id}`, actionId: 'sync', label: 'Sync', sessionId: USER_SESSION, by: 'user', startedAt: '2025-01-01T00:00:00.000Z' };
}

/** Handlers for the real command table: the few a test needs answer, the rest refuse. */
export function testHandlers(overrides: Partial<Handlers<Commands, Events>> = {}): Handlers<Commands, Events> {
  const unused = (): never => {
    throw new TandemError('E_UNAVAILABLE', 'not in this test');
  };
  return {
    status: unused,
    'sessions.list': () => ({ sessions: [] }),
    'agents.restart': ({ sessionId }) => ({ restarted: sessionId === undefined ? [] : [sessionId] }),
    'config.get': unused,
    'config.set': unused,
    'config.reset': unused,
    'notify.broadcast': unused,
    'log.setLevel': ({ level }) => ({ level, previous: 'info' }),
    'diagnostics.collect': unused,
    'agent.settings': () => ({ tray: defaultConfig().tray }),
    'agent.quit': () => ({ ok: true }),
    'agent.action': ({ id }) => actionStarted(id),
    'actions.list': unused,
    'actions.run': unused,
    'actions.history': unused,
    simulate: unused,
    ...overrides,
  };
}

/** Wraps a listener to keep every stream it hands out, so a test can look at the server's side. */
export class WatchedListener implements Listener {
  readonly #inner: Listener;
  readonly streams: IncomingConnection['stream'][] = [];

  constructor(inner: Listener) {
    this.#inner = inner;
  }

  get address(): string {
    return this.#inner.address;
  }

  listen(onConnection: (connection: IncomingConnection) => void, admit?: AdmitConnection): Promise<void> {
    return this.#inner.listen((connection) => {
      this.streams.push(connection.stream);
      onConnection(connection);
    }, admit);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  /** Server-side streams not yet closed. */
  get open(): number {
    return this.streams.filter((stream) => !stream.closed).length;
  }
}

export interface TestServerOptions {
  readonly handlers?: Partial<Handlers<Commands, Events>>;
  readonly limits?: Partial<ConnectionLimits>;
  readonly maxConnections?: number;
  readonly log?: ProtocolLog;
  readonly onConnectionChange?: RpcServerOptions<Commands, Events>['onConnectionChange'];
  readonly userRequestRate?: RpcServerOptions<Commands, Events>['userRequestRate'];
  readonly userConnectionRate?: RpcServerOptions<Commands, Events>['userConnectionRate'];
}

export class TestServer {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-shared-test-'));
  readonly adminAddress = socketAddress(this.dir, 'admin');
  readonly userAddress = socketAddress(this.dir, `agent-${USER_SESSION}`);
  readonly server: RpcServer<Commands, Events>;
  readonly admin = new WatchedListener(new SocketListener({ address: this.adminAddress, peer: { maxRole: 'admin', sessionId: null, endpoint: 'admin' } }));
  readonly user = new WatchedListener(
    new SocketListener({ address: this.userAddress, peer: { maxRole: 'user', sessionId: USER_SESSION, endpoint: `agent:${USER_SESSION}` } }),
  );
  readonly #clients: TestClient[] = [];

  private constructor(options: TestServerOptions) {
    this.server = new RpcServer({
      commands,
      events,
      handlers: testHandlers(options.handlers),
      product: PRODUCT,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
      ...(options.log === undefined ? {} : { log: options.log }),
      ...(options.onConnectionChange === undefined ? {} : { onConnectionChange: options.onConnectionChange }),
      ...(options.userRequestRate === undefined ? {} : { userRequestRate: options.userRequestRate }),
      ...(options.userConnectionRate === undefined ? {} : { userConnectionRate: options.userConnectionRate }),
    });
  }

  static async start(options: TestServerOptions = {}): Promise<TestServer> {
    const test = new TestServer(options);
    await test.server.attach(test.admin);
    await test.server.attach(test.user);
    return test;
  }

  /**
   * A well-behaved client, closed by dispose(). It connects to the endpoint of its role unless
   * told otherwise (to ask an endpoint for a role it does not grant).
   */
  async connect(role: Role = 'admin', options: { requestTimeoutMs?: number; endpoint?: Role } = {}): Promise<TestClient> {
    const endpoint = options.endpoint ?? role;
    const client = await RpcClient.connect({
      connector: new SocketConnector(endpoint === 'admin' ? this.adminAddress : this.userAddress),
      commands,
      events,
      role,
      client: 'shared-test/1',
      product: PRODUCT,
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    });
    this.#clients.push(client);
    return client;
  }

  async dispose(): Promise<void> {
    for (const client of this.#clients) client.close();
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * What a well-behaved client must still get after an attack: a fresh connection, a handshake
 * and a correct answer, each within a deadline far above its normal time (a liveness check,
 * not a timing measurement).
 */
export async function assertServes(test: TestServer): Promise<void> {
  const client = await test.connect('admin', { requestTimeoutMs: 5_000 });
  const result = await client.call('agents.restart', { sessionId: 7 });
  if (result.restarted.length !== 1 || result.restarted[0] !== 7) {
    throw new Error(`well-behaved client got a wrong answer: ${JSON.stringify(result)}`);
  }
  client.close();
}
