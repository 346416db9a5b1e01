/**
 * The service core in this process, on fakes of the platform: scripted sessions, a fake
 * launcher, a policy that enforces nothing, recorded Event Log calls, and the console's real
 * Unix-socket endpoints, so tests speak the real protocol to it and look inside at once.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commands, events, PRODUCT, RpcClient, SocketConnector, socketAddress, type Commands, type Events, type Listener, type PeerAccount } from '@tandem/shared';
import { TandemService, type TandemServiceOptions } from '../../src/core/tandem-service.js';
import { ScriptedSessionSource } from '../../src/platform/console/scripted-session-source.js';
import { SocketEndpoints } from '../../src/platform/console/socket-endpoints.js';
import type { ActionRunner, AgentEndpoint, EndpointFactory, Platform, PolicySource, Session } from '../../src/platform/platform.js';
import { FakeLauncher } from './fakes.js';
import { unsupportedActions } from '../../src/platform/unsupported-actions.js';

export type Client = RpcClient<Commands, Events>;

/** What the fake platform was asked to do, in order. */
export interface PlatformRecord {
  readonly granted: Array<{ file: string; session: number | null }>;
  readonly fatal: string[];
  /** What went to reportConfigChange (the Event Log on Windows). */
  readonly configChanged: string[];
  /** Listener closes and connection closes, in the order they happened. */
  readonly order: string[];
}

export interface Harness {
  readonly service: TandemService;
  readonly sessions: ScriptedSessionSource;
  readonly launcher: FakeLauncher;
  readonly platform: Platform;
  readonly record: PlatformRecord;
  readonly dataDir: string;
  readonly runtimeDir: string;
  admin(client?: string): Promise<Client>;
  user(sessionId: number, client?: string): Promise<Client>;
  stop(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<TandemServiceOptions, 'platform'>> {
  readonly policy?: PolicySource;
  readonly actions?: ActionRunner;
  /** The account the admin endpoint reports for its clients, as a Windows pipe would; the console's by default. */
  readonly adminAccount?: PeerAccount | null;
  /** A session source prepared by the test (sessions present before start, failures). */
  readonly sessions?: ScriptedSessionSource;
  /** Runs on the fresh data directory before the service starts (a log file left from before). */
  readonly prepare?: (dataDir: string) => void;
  /** The client pid agent endpoints report, as a Windows pipe would (console sockets cannot tell). */
  readonly agentPeerPid?: (sessionId: number) => number | null;
}

/** How long a closing agent listener waits for its connections to end, as a pipe server would, before giving up. */
const LISTENER_DRAIN_MS = 5_000;

const noPolicy: PolicySource = { read: async () => ({ values: {}, problems: [] }) };

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tandem-core-'));
  const dataDir = path.join(root, 'data');
  const runtimeDir = path.join(root, 'run');
  // Fake agents never answer a graceful stop: stopping the service should not wait 5 s for each.
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ agents: { stopTimeoutMs: 100 } }));
  const sessions = options.sessions ?? new ScriptedSessionSource();
  const launcher = new FakeLauncher();
  options.prepare?.(dataDir);
  const record: PlatformRecord = { granted: [], fatal: [], configChanged: [], order: [] };
  // Open connections per session, and who waits for a session's to be gone.
  const open = new Map<number, number>();
  const drained = new Map<number, Array<() => void>>();
  const connectionChanged = (sessionId: number, isOpen: boolean): void => {
    const count = (open.get(sessionId) ?? 0) + (isOpen ? 1 : -1);
    open.set(sessionId, count);
    if (count > 0) return;
    for (const resolve of drained.get(sessionId)?.splice(0) ?? []) resolve();
  };
  const connectionsEnded = (sessionId: number): Promise<boolean> => {
    if ((open.get(sessionId) ?? 0) === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), LISTENER_DRAIN_MS);
      const waiting = drained.get(sessionId) ?? [];
      waiting.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      drained.set(sessionId, waiting);
    });
  };
  const sockets = new SocketEndpoints(runtimeDir);
  const endpoints: EndpointFactory = {
    admin: () => {
      const inner = sockets.admin();
      const account = options.adminAccount;
      if (account === undefined) return inner;
      return { address: inner.address, listen: (on, admit) => inner.listen((c) => on({ ...c, peer: { ...c.peer, account } }), admit), close: () => inner.close() };
    },
    agent: (session: Session): AgentEndpoint => {
      const inner = sockets.agent(session);
      const listener: Listener = {
        address: inner.listener.address,
        listen: (onConnection, admit) => {
          const pidOf = options.agentPeerPid;
          return inner.listener.listen(pidOf === undefined ? onConnection : (c) => onConnection({ ...c, peer: { ...c.peer, pid: pidOf(session.id) } }), admit);
        },
        // Like a pipe server's (and a net.Server's 'close'), closing completes once the
        // listener's connections have ended; one that never ends is recorded, not waited for.
        close: async () => {
          await inner.listener.close();
          const ended = await connectionsEnded(session.id);
          record.order.push(ended ? `listener ${session.id} closed` : `listener ${session.id} closed with connections open`);
        },
      };
      return { listener, address: inner.address };
    },
  };
  const platform: Platform = {
    name: 'console',
    paths: { dataDir, logDir: path.join(dataDir, 'logs'), diagnosticsDir: () => path.join(dataDir, 'diagnostics') },
    host: { run: async () => 0 },
    sessions,
    launcher,
    endpoints,
    policy: options.policy ?? noPolicy,
    fallbackNotify: async () => undefined,
    actions: options.actions ?? unsupportedActions,
    grantRead: async (file, session) => void record.granted.push({ file, session: session?.id ?? null }),
    reportFatal: (message) => void record.fatal.push(message),
    reportConfigChange: (message) => void record.configChanged.push(message),
  };
  const { policy: _policy, sessions: _sessions, adminAccount: _adminAccount, prepare: _prepare, agentPeerPid: _agentPeerPid, ...serviceOptions } = options;
  const service = new TandemService({
    prettyLogs: false,
    ...serviceOptions,
    platform,
    onConnectionChange: (sessionId, isOpen) => {
      if (!isOpen && sessionId !== null) record.order.push(`connection ${sessionId} closed`);
      if (sessionId !== null) connectionChanged(sessionId, isOpen);
      options.onConnectionChange?.(sessionId, isOpen);
    },
  });
  await service.start(() => undefined);
  const connect = (address: string, role: 'admin' | 'user', client: string): Promise<Client> =>
    RpcClient.connect<Commands, Events>({ connector: new SocketConnector(address), commands, events, role, client, product: PRODUCT });
  return {
    service,
    sessions,
    launcher,
    platform,
    record,
    dataDir,
    runtimeDir,
    admin: (client = 'test-admin/1') => connect(socketAddress(runtimeDir, 'admin'), 'admin', client),
    user: (sessionId, client = 'test-agent/1') => connect(socketAddress(runtimeDir, `agent-${sessionId}`), 'user', client),
    stop: () => service.stop('stop', () => undefined),
  };
}
