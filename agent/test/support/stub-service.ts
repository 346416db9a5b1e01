/**
 * A real RpcServer from @tandem/shared on a temporary Unix socket, with stub handlers: the agent
 * tests talk to it exactly as they would to the service. It can be stopped and started again on
 * the same address, to play a service restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  commands,
  defaultConfig,
  events,
  PRODUCT,
  RpcServer,
  SocketListener,
  socketAddress,
  TandemError,
  type Commands,
  type EventData,
  type Events,
  type Handlers,
  type ServerConnection,
  trayView,
  type ActionStarted,
  type Status,
  type TrayView,
} from '@tandem/shared';

export const SESSION_ID = 1;

export function sampleStatus(overrides: Partial<Status> = {}): Status {
  return {
    product: 'tandem',
    version: '0.1.0',
    protocol: 1,
    platform: 'console',
    pid: 4242,
    startedAt: '2025-01-01T08:00:00.000Z',
    uptimeSeconds: 3723,
    logFile: null,
    config: { source: 'file', problems: [], enforced: [] },
    sessions: [{ id: SESSION_ID, user: 'alice', state: 'active', remote: false, console: true, eligible: true }],
    agents: [
      { sessionId: SESSION_ID, state: 'running', pid: 5151, connected: true, restarts: 0, nextRestartAt: null, lastExit: null },
    ],
    ...overrides,
  };
}

export function sampleTray(overrides: Partial<TrayView> = {}): TrayView {
  return { ...trayView(defaultConfig().tray), ...overrides };
}

/** What the service answers when it started action `id` in this session. */
export function startedReply(id: string, label = 'Sync now'): ActionStarted {
  return { runId: `run-${id}`, actionId: id, label, sessionId: SESSION_ID, by: 'user', startedAt: '2025-03-04T12:00:00.000Z' };
}

export interface StubServiceOptions {
  /** What the welcome says, e.g. `tandem/0.2.0` to play another version. */
  readonly product?: string;
  /** The session the agent endpoint is bound to. */
  readonly sessionId?: number;
}

export class StubService {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-agent-test-'));
  readonly address = socketAddress(this.dir, `agent-${SESSION_ID}`);
  /** Commands received, in order. */
  readonly calls: string[] = [];
  status: Status = sampleStatus();
  tray: TrayView = sampleTray();
  /** What agent.action answers, or the error it fails with. */
  actionReply: ActionStarted | TandemError = startedReply('sync-now');
  /** While set, `status` answers only once this promise settles (to hold a call in flight). */
  statusGate: Promise<void> | null = null;
  /** Connections that completed a handshake, over every start. */
  handshakes = 0;
  #server: RpcServer<Commands, Events> | undefined;
  #waiters: Array<(connection: ServerConnection<Events>) => void> = [];

  async start(options: StubServiceOptions = {}): Promise<void> {
    const server = new RpcServer({
      commands,
      events,
      handlers: this.#handlers(),
      product: options.product ?? PRODUCT,
      onConnectionChange: (connection, open) => {
        if (open) this.handshakes++;
        if (open) for (const waiter of this.#waiters.splice(0)) waiter(connection);
      },
    });
    const sessionId = options.sessionId ?? SESSION_ID;
    await server.attach(new SocketListener({ address: this.address, peer: { maxRole: 'user', sessionId, endpoint: `agent:${sessionId}` } }));
    this.#server = server;
  }

  /** Closes every connection and the listener, as a service that stops does. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    // RpcServer.close() waits for its listeners to close, and a net.Server only reports closed
    // once its connections are gone, so the connections are ended first.
    for (const connection of server.connections) connection.close();
    await server.close();
  }

  get connections(): ServerConnection<Events>[] {
    return [...(this.#server?.connections ?? [])];
  }

  /** Resolves with the next connection that completes its handshake (or one already open). */
  nextConnection(): Promise<ServerConnection<Events>> {
    const open = this.connections[0];
    if (open !== undefined) return Promise.resolve(open);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Pushes an event to every connected agent; returns how many got it. */
  emit<K extends keyof Events & string>(event: K, data: EventData<Events, K>): number {
    return this.connections.filter((connection) => connection.emit(event, data)).length;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  #handlers(): Handlers<Commands, Events> {
    const record = <T>(command: string, answer: () => T): (() => T) => () => {
      this.calls.push(command);
      return answer();
    };
    const adminOnly = (): never => {
      throw new TandemError('E_FORBIDDEN', 'not for agents');
    };
    return {
      status: async () => {
        this.calls.push('status');
        await this.statusGate;
        return this.status;
      },
      'agent.settings': record('agent.settings', () => ({ tray: this.tray })),
      'agent.quit': record('agent.quit', () => ({ ok: true as const })),
      'agent.action': ({ id }) => {
        this.calls.push(`agent.action:${id}`);
        if (this.actionReply instanceof TandemError) throw this.actionReply;
        return this.actionReply;
      },
      'diagnostics.collect': record('diagnostics.collect', () => ({ path: '/tmp/tandem-diagnostics.zip', bytes: 20_480, files: ['service.log', 'config.json', 'status.json'] })),
      'sessions.list': adminOnly,
      'agents.restart': adminOnly,
      'config.get': adminOnly,
      'config.set': adminOnly,
      'config.reset': adminOnly,
      'notify.broadcast': adminOnly,
      'log.setLevel': adminOnly,
      simulate: adminOnly,
      'actions.list': adminOnly,
      'actions.run': adminOnly,
      'actions.history': adminOnly,
    };
  }
}

/** Waits until `predicate` holds, checking on every turn of the event loop; fails after `ms`. */
export async function until(predicate: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
