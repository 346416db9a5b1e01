/**
 * The service proper, independent of the OS: configuration, logging, the RPC server with its
 * admin and agent endpoints, and the agent supervisor, started and stopped in order by a host
 * (the SCM on Windows, the terminal in console mode).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import {
  commands,
  DEFAULT_USER_CONNECTION_RATE,
  DEFAULT_USER_REQUEST_RATE,
  events,
  PRODUCT,
  PRODUCT_VERSION,
  PROTOCOL_VERSION,
  describeError,
  RpcServer,
  SECRET_CONFIG_KEYS,
  TandemError,
  trayView,
  type AgentInfo,
  type FatalOrigin,
  type Commands,
  type EventData,
  type EventName,
  type Events,
  type ServerConnection,
  type Status,
} from '@tandem/shared';
import type { Listener } from '@tandem/shared';
import type { HostedService, Platform, PowerChange, StopReason } from '../platform/platform.js';
import { AgentSupervisor } from './agent-supervisor.js';
import { AuditLog, describeAuditEntry, isConfigEntry } from './audit-log.js';
import { systemClock, type Clock } from './clock.js';
import { createHandlers } from './command-handlers.js';
import { DiagnosticsCollector, type DiagnosticsLimits } from './diagnostics-collector.js';
import { ConfigManager, type Audience } from './config-manager.js';
import { ConfigStore } from './config-store.js';
import { explainFsError } from './fs-errors.js';
import { CONNECTION_LOG_LIMITS, KeyedLogRateLimits, PROTOCOL_LOG_LIMITS } from './log-rate-limit.js';
import { createServiceLog, prettyTerminal, type ServiceLog } from './logger.js';
import { RunStateFile, type PreviousRun } from './run-state.js';
import { TrayActions, type ActionLimits } from './tray-actions.js';

/**
 * At shutdown, how long each agent may take to exit before it is terminated, whatever
 * agents.stopTimeoutMs says: agents stop in parallel, so the service stops well inside its
 * preshutdown timeout (20 s, set at install) however many sessions there are.
 */
export const SHUTDOWN_AGENT_STOP_MS = 5_000;
/** How often a stop reports progress to the host (the SCM's checkpoint) while agents exit. */
const STOP_PROGRESS_MS = 1_000;

export interface TandemServiceOptions {
  readonly platform: Platform;
  /** Pretty log lines on the terminal as well as the file (console mode). */
  readonly prettyLogs: boolean;
  readonly clock?: Clock;
  /** How many tray actions run at once, how much of their output is kept (tests); DEFAULT_ACTION_LIMITS otherwise. */
  readonly actionLimits?: Partial<ActionLimits>;
  /** Observes clients completing their handshake and leaving (benchmarks, embedding products). */
  readonly onConnectionChange?: (sessionId: number | null, open: boolean) => void;
  /** Cooldown and folder cap of diagnostics archives (tests); DEFAULT_DIAGNOSTICS_LIMITS otherwise. */
  readonly diagnosticsLimits?: DiagnosticsLimits;
}

export interface ReadyInfo {
  readonly logFile: string;
  readonly adminAddress: string;
  readonly dataDir: string;
}

export class TandemService implements HostedService {
  readonly #options: TandemServiceOptions;
  readonly #platform: Platform;
  readonly #startedAt = new Date();
  #log: ServiceLog | undefined;
  #server: RpcServer<Commands, Events> | undefined;
  #supervisor: AgentSupervisor | undefined;
  #config: ConfigManager | undefined;
  #actions: TrayActions | undefined;
  #admin: Listener | undefined;
  #adopting: Promise<void> = Promise.resolve();
  #runState: RunStateFile | undefined;
  #previousRun: PreviousRun | undefined;
  /** Per session: a user can connect and disconnect in a loop, which must not roll the log away. */
  readonly #connectionLogLimits: KeyedLogRateLimits<number>;
  /** Per endpoint: the protocol's own lines (refused connections, failed commands) a client can cause. */
  readonly #protocolLogLimits: KeyedLogRateLimits<string>;

  constructor(options: TandemServiceOptions) {
    this.#options = options;
    this.#platform = options.platform;
    const clock = options.clock ?? systemClock;
    this.#connectionLogLimits = new KeyedLogRateLimits(clock, CONNECTION_LOG_LIMITS);
    // Endpoints come and go with sessions; forget them all rather than grow without bound.
    this.#protocolLogLimits = new KeyedLogRateLimits(clock, PROTOCOL_LOG_LIMITS, 1_024);
  }

  /** Where things are, once started. */
  get ready(): ReadyInfo | undefined {
    if (this.#log === undefined || this.#admin === undefined) return undefined;
    return { logFile: this.#log.file.file, adminAddress: this.#admin.address, dataDir: this.#platform.paths.dataDir };
  }

  async start(progress: () => void): Promise<void> {
    const { paths } = this.#platform;
    await ensureWritableDir(paths.dataDir, 'data directory');
    await ensureWritableDir(paths.logDir, 'log directory');
    progress();
    const log = openLog(path.join(paths.logDir, 'tandem.log'), this.#options.prettyLogs ? await prettyTerminal() : undefined);
    this.#log = log;
    const logger = log.logger;
    logger.info({ version: PRODUCT_VERSION, platform: this.#platform.name, pid: process.pid, dataDir: paths.dataDir }, 'service starting');
    await this.#beginRun(logger);

    const audit = new AuditLog(paths.dataDir, {
      mirror: (entry) => {
        // Runs of actions are logged by tray-actions.ts; the Event Log gets configuration changes.
        if (!isConfigEntry(entry)) return;
        const description = describeAuditEntry(entry, SECRET_CONFIG_KEYS);
        logger.info({ account: entry.caller.account }, description);
        this.#platform.reportConfigChange(description);
      },
    });
    const config = new ConfigManager(new ConfigStore(paths.dataDir), audit, this.#platform.policy, logger, {
      checkProgram: (program) => this.#platform.actions.checkProgram(program),
    });
    await config.load();
    this.#config = config;
    this.#applyLogging();
    config.onChange((changed) => this.#configChanged(changed));
    progress();

    const supervisor = new AgentSupervisor({
      platform: this.#platform,
      clock: this.#options.clock ?? systemClock,
      log: logger,
      config: () => config.config,
      link: {
        attach: async (endpoint) => this.#requireServer().attach(endpoint.listener),
        detach: async (endpoint, sessionId) => {
          const server = this.#requireServer();
          // First the connections (nothing may reach a retired session), then the listener:
          // closing a net.Server waits for its connections to end.
          for (const connection of server.connections) if (connection.peer.sessionId === sessionId) connection.close();
          await server.detach(endpoint.listener);
          this.#connectionLogLimits.delete(sessionId);
        },
        requestShutdown: (sessionId, cause) => this.#emitToSession(sessionId, 'agent.shutdown', { reason: cause }),
      },
    });
    this.#supervisor = supervisor;
    const actions = new TrayActions({
      runner: this.#platform.actions,
      config: () => config.config,
      session: (sessionId) => supervisor.session(sessionId),
      audit,
      log: logger,
      clock: this.#options.clock ?? systemClock,
      tell: (sessionId, event, data) => {
        for (const connection of this.#server?.connections ?? []) {
          if (connection.peer.sessionId === sessionId || connection.role === 'admin') connection.emit(event, data);
        }
      },
      ...(this.#options.actionLimits === undefined ? {} : { limits: this.#options.actionLimits }),
    });
    this.#actions = actions;

    this.#server = new RpcServer<Commands, Events>({
      commands,
      events,
      product: PRODUCT,
      handlers: createHandlers({
        platform: this.#platform,
        supervisor,
        config,
        logger,
        status: (audience) => this.status(audience),
        logFiles: () => this.#log?.file.files() ?? [],
        diagnostics: new DiagnosticsCollector({
          clock: this.#options.clock ?? systemClock,
          ...(this.#options.diagnosticsLimits === undefined ? {} : { limits: this.#options.diagnosticsLimits }),
          onPruned: (removed, problem) => logger.info({ removed, problem }, 'old diagnostics archives removed to keep the folder under its cap'),
        }),
        notifySession: (sessionId, data) => this.#emitToSession(sessionId, 'notify', data),
        actions,
      }),
      log: (level, message, fields) => this.#protocolLog(level, message, fields),
      userRequestRate: DEFAULT_USER_REQUEST_RATE,
      userConnectionRate: DEFAULT_USER_CONNECTION_RATE,
      onConnectionChange: (connection, open) => {
        const { peer } = connection;
        // Agents coming and going matter; every tandemctl call would only be noise at info.
        if (peer.sessionId === null) logger.debug(connectionFields(connection), open ? 'client connected' : 'client disconnected');
        else this.#logSessionConnection(peer.sessionId, connectionFields(connection), open);
        if (peer.sessionId !== null) supervisor.connectionChanged(peer.sessionId, open);
        this.#options.onConnectionChange?.(peer.sessionId, open);
      },
    });

    const admin = this.#platform.endpoints.admin();
    await this.#server.attach(admin);
    this.#admin = admin;
    progress();
    // The service can take controls and commands now, so the host may report RUNNING: sessions
    // are adopted (and agents launched) right after, not inside the SCM's start-up window, where
    // a slow CreateProcessAsUser would hold up every auto-start service behind ours. Session
    // events are subscribed synchronously inside start(), so none is missed meanwhile.
    this.#adopting = supervisor.start().then(
      () => logger.info({ sessions: supervisor.sessions().length }, 'sessions adopted'),
      (error: unknown) => logger.error({ err: error }, 'adopting the existing sessions failed; new logons are still handled'),
    );
    logger.info({ admin: admin.address }, 'service running');
  }

  /**
   * Records an error no code handled, just before the process exits: in the log (written
   * synchronously, then closed) and through the platform (the Event Log on Windows).
   */
  recordFatal(error: unknown, origin: FatalOrigin): void {
    const message = `${origin}: ${describeError(error)}; the service exits so that it is restarted`;
    try {
      this.#log?.logger.fatal({ err: error, origin }, message);
      this.#log?.file.close();
    } finally {
      this.#platform.reportFatal(message);
    }
  }

  /** Records this run; says how the previous one ended and cleans up after one that did not stop. */
  async #beginRun(logger: ServiceLog['logger']): Promise<void> {
    const runState = new RunStateFile(this.#platform.paths.dataDir);
    const begun = await runState.begin();
    this.#runState = runState;
    this.#previousRun = begun.previous;
    if (begun.previous === 'unclean') {
      logger.warn({ last: begun.detail, removed: begun.removed }, 'the previous run ended without stopping (power loss, crash or kill); starting clean');
    } else {
      logger.info({ previous: begun.previous, last: begun.detail }, begun.previous === 'first' ? 'first run with this data directory' : 'the previous run stopped cleanly');
    }
  }

  running(): void {
    // Sessions that logged on while the host was still reporting START_PENDING were never announced.
    const supervisor = this.#supervisor;
    if (supervisor === undefined) return;
    this.#adopting = this.#adopting.then(() => supervisor.resync('running')).catch((error: unknown) => this.#log?.logger.error({ err: error }, 'listing the sessions once running failed'));
  }

  async power(change: PowerChange): Promise<void> {
    const logger = this.#log?.logger;
    if (change === 'suspend') {
      logger?.info('the machine is going to sleep or hibernating; telling the agents');
      for (const connection of this.#server?.connections ?? []) {
        if (connection.peer.sessionId !== null) connection.emit('service.power', { state: 'suspending' });
      }
      // If the power goes while asleep, the next start knows this run did not stop.
      await this.#runState?.record('suspended').catch((error: unknown) => logger?.warn({ err: error }, 'cannot record the suspension'));
      return;
    }
    logger?.info('the machine resumed; re-reading policy and reconciling sessions as after a boot');
    await this.#runState?.record('running').catch((error: unknown) => logger?.warn({ err: error }, 'cannot record the resume'));
    // Fast Startup: a "shut down" hibernated this process with no users; policy may have changed since.
    await this.reload().catch((error: unknown) => logger?.warn({ err: error }, 'reloading after resume failed'));
    await this.#adopting;
    await this.#supervisor?.resync('resume');
    for (const connection of this.#server?.connections ?? []) {
      if (connection.peer.sessionId !== null) connection.emit('service.power', { state: 'resumed' });
    }
  }

  /** Settles when the sessions present at start have been adopted (tests, embedding products). */
  get adopted(): Promise<void> {
    return this.#adopting;
  }

  async stop(reason: StopReason, progress: () => void): Promise<void> {
    const logger = this.#log?.logger;
    logger?.info({ reason }, 'service stopping');
    const shutdown = reason !== 'stop';
    // Saved first: an update holding the shutdown, or the power cut that may end it, finds it on disk.
    await this.#runState?.record('stopping', reason).catch((error: unknown) => logger?.warn({ err: error }, 'cannot record the stop'));
    for (const connection of this.#server?.connections ?? []) connection.emit('service.stopping', { restarting: false });
    progress();
    const clock = this.#options.clock ?? systemClock;
    let ticker = clock.setTimer(STOP_PROGRESS_MS, function tick() {
      progress();
      ticker = clock.setTimer(STOP_PROGRESS_MS, tick);
    });
    try {
      await this.#actions?.stop();
      await this.#adopting;
      await this.#supervisor?.stop('service-stop', shutdown ? SHUTDOWN_AGENT_STOP_MS : undefined);
    } finally {
      ticker.cancel();
    }
    progress();
    await this.#server?.close();
    await this.#runState?.record('stopped', reason).catch((error: unknown) => logger?.warn({ err: error }, 'cannot record the stop'));
    logger?.info('service stopped');
    // Lines are written synchronously; this makes them durable before the host reports STOPPED.
    this.#log?.file.close();
  }

  async reload(): Promise<void> {
    this.#log?.logger.info('reloading configuration and policy');
    await this.#config?.load();
    this.#applyLogging();
  }

  /** The service's status; a user's `audience` never sees an action's program in its problems. */
  status(audience: Audience = 'admin'): Status {
    const config = this.#requireConfig();
    return {
      product: 'tandem',
      version: PRODUCT_VERSION,
      protocol: PROTOCOL_VERSION,
      platform: this.#platform.name,
      pid: process.pid,
      startedAt: this.#startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - this.#startedAt.getTime()) / 1000),
      logFile: this.#log?.file.file ?? null,
      ...(this.#previousRun === undefined ? {} : { previousRun: this.#previousRun }),
      config: config.health(audience),
      sessions: this.#supervisor?.sessions() ?? [],
      agents: (this.#supervisor?.agents() ?? []).map((agent) => ({ ...agent, client: this.#agentClient(agent) })),
    };
  }

  /** The hello name of the agent process's own connection: says which build runs and how it connected. */
  #agentClient(agent: AgentInfo): string | null {
    if (agent.pid === null) return null;
    for (const { peer, client } of this.#server?.connections ?? []) {
      if (peer.sessionId === agent.sessionId && peer.pid === agent.pid) return client;
    }
    return null;
  }

  #configChanged(changed: string[]): void {
    this.#log?.logger.info({ changed }, 'configuration changed');
    if (changed.some((key) => key.startsWith('logging.'))) this.#applyLogging();
    if (changed.some((key) => key.startsWith('tray.'))) {
      const tray = trayView(this.#requireConfig().config.tray);
      for (const connection of this.#server?.connections ?? []) {
        if (connection.peer.sessionId !== null) connection.emit('config.changed', { tray });
      }
    }
    if (changed.includes('agents.eligibility')) void this.#supervisor?.reevaluate();
  }

  #protocolLog(level: 'debug' | 'info' | 'warn', message: string, fields: Record<string, unknown>): void {
    const logger = this.#log?.logger;
    if (logger === undefined || !logger.isLevelEnabled(level)) return;
    const key = typeof fields.endpoint === 'string' ? fields.endpoint : 'connections';
    const limit = this.#protocolLogLimits.get(key);
    if (!limit.admit()) return;
    const dropped = limit.takeDropped();
    if (dropped !== undefined) logger.warn({ endpoint: key, lines: dropped.lines }, 'protocol lines over the rate limit were dropped');
    logger[level](fields, message);
  }

  #logSessionConnection(sessionId: number, fields: Record<string, unknown>, open: boolean): void {
    const logger = this.#log?.logger;
    if (logger === undefined) return;
    const limit = this.#connectionLogLimits.get(sessionId);
    if (!limit.admit()) return;
    const dropped = limit.takeDropped();
    if (dropped !== undefined) logger.warn({ sessionId, lines: dropped.lines }, 'connection lines over the rate limit were dropped');
    logger.info(fields, open ? 'client connected' : 'client disconnected');
  }

  #applyLogging(): void {
    const { logging } = this.#requireConfig().config;
    if (this.#log === undefined) return;
    this.#log.logger.level = logging.level;
    this.#log.file.setLimits(logging.maxFileMb * 1024 * 1024, logging.retainFiles);
  }

  #emitToSession<K extends EventName<Events>>(sessionId: number, event: K, data: EventData<Events, K>): boolean {
    let sent = false;
    for (const connection of this.#server?.connections ?? []) {
      if (connection.peer.sessionId === sessionId && connection.emit(event, data)) sent = true;
    }
    return sent;
  }

  #requireServer(): RpcServer<Commands, Events> {
    if (this.#server === undefined) throw new TandemError('E_UNAVAILABLE', 'the service is not started');
    return this.#server;
  }

  #requireConfig(): ConfigManager {
    if (this.#config === undefined) throw new TandemError('E_UNAVAILABLE', 'the service is not started');
    return this.#config;
  }
}

function connectionFields(connection: ServerConnection<Events>): Record<string, unknown> {
  const { peer } = connection;
  // sessionId attributes a session's connection lines to it (see log-lines.ts).
  return { connection: connection.id, endpoint: peer.endpoint, ...(peer.sessionId === null ? {} : { sessionId: peer.sessionId }), client: connection.client, clientPid: peer.pid };
}

/** A data or log directory the service cannot write is a start-up failure with a clear reason. */
async function ensureWritableDir(dir: string, what: string): Promise<void> {
  const probe = path.join(dir, `.write-probe-${process.pid}`);
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.writeFile(probe, 'probe');
    await fs.rm(probe, { force: true });
  } catch (error) {
    throw new TandemError('E_UNAVAILABLE', `cannot write to the ${what} ${dir}: ${explainFsError(error)}`, { cause: error });
  }
}

function openLog(file: string, pretty: Writable | undefined): ServiceLog {
  try {
    return createServiceLog({ file, level: 'info', maxFileBytes: 10 * 1024 * 1024, retainFiles: 7, ...(pretty === undefined ? {} : { pretty }) });
  } catch (error) {
    throw new TandemError('E_UNAVAILABLE', `cannot open the log file ${file}: ${explainFsError(error)}`, { cause: error });
  }
}
