/**
 * The service's answers to the command table. Handlers receive validated params and the
 * caller's connection; they never see bytes or envelopes. A user connection is bound to its
 * session and sees only that session.
 */
import { SECRET_CONFIG_KEYS, TandemError, trayView, type Commands, type EventData, type Events, type Handlers, type ServerConnection, type Status } from '@tandem/shared';
import type { Logger } from 'pino';
import type { Platform } from '../platform/platform.js';
import type { AgentSupervisor } from './agent-supervisor.js';
import type { Audience, Caller, ConfigManager } from './config-manager.js';
import { archiveContents } from './diagnostics-contents.js';
import type { DiagnosticsCollector } from './diagnostics-collector.js';
import { writeArchive, type ArchiveResult } from './diagnostics.js';
import type { LogOwner } from './log-lines.js';
import { statusFor } from './status-view.js';
import { defaultActionSession, type TrayActions } from './tray-actions.js';

export interface HandlerDeps {
  readonly platform: Platform;
  readonly supervisor: AgentSupervisor;
  readonly config: ConfigManager;
  readonly logger: Logger;
  /** The service's status; a user's never names an action's program (config-manager.ts). */
  readonly status: (audience: Audience) => Status;
  /** The service's log files, newest first, for diagnostics archives. */
  readonly logFiles: () => string[];
  readonly diagnostics: DiagnosticsCollector;
  /** Pushes a notification to a session's agents; false when none is connected. */
  readonly notifySession: (sessionId: number, data: EventData<Events, 'notify'>) => boolean;
  readonly actions: TrayActions;
}

export function callerOf(connection: ServerConnection<Events>): Caller {
  const { peer } = connection;
  return { account: peer.account, endpoint: peer.endpoint, role: connection.role, pid: peer.pid, client: connection.client };
}

/** The session an agent connection is bound to; agent-only commands refuse the admin endpoint. */
function sessionOf(connection: ServerConnection<Events>, command: string): number {
  const id = connection.peer.sessionId;
  if (id === null) throw new TandemError('E_FORBIDDEN', `${command} is for a session's agent connection`);
  return id;
}

let notificationCounter = 0;

export function createHandlers(deps: HandlerDeps): Handlers<Commands, Events> {
  const { supervisor, config, logger, platform } = deps;
  return {
    status: (_params, { connection }) => statusFor(deps.status(connection.role), viewerOf(connection)),
    'sessions.list': () => ({ sessions: supervisor.sessions() }),
    'agents.restart': async ({ sessionId }) => ({ restarted: await supervisor.restart(sessionId) }),
    'config.get': () => config.view(),
    'config.set': ({ key, value }, { connection }) => config.set(key, value, callerOf(connection)),
    'config.reset': ({ key }, { connection }) => config.reset(key, callerOf(connection)),
    'notify.broadcast': async ({ title, body, level }) => {
      const delivered: number[] = [];
      const fallback: number[] = [];
      const data = { id: `n${Date.now().toString(36)}${(notificationCounter++).toString(36)}`, title, body, level, at: new Date().toISOString() };
      for (const session of supervisor.sessions()) {
        if (deps.notifySession(session.id, data)) {
          delivered.push(session.id);
          continue;
        }
        const tracked = supervisor.session(session.id);
        if (tracked === undefined) continue;
        logger.info({ sessionId: session.id, title, body, level }, 'notification for a session without a connected agent (fallback)');
        try {
          await platform.fallbackNotify(tracked, title, body);
          fallback.push(session.id);
        } catch (error) {
          logger.warn({ sessionId: session.id, err: error }, 'fallback notification failed');
        }
      }
      logger.info({ title, level, delivered, fallback }, 'broadcast sent');
      return { delivered, fallback };
    },
    'log.setLevel': ({ level }) => {
      const previous = logger.level as typeof level;
      logger.level = level;
      logger.info({ level, previous }, 'log level changed');
      return { level, previous };
    },
    'diagnostics.collect': (_params, { connection }) => collectDiagnostics(deps, connection),
    simulate: async (scenario, { connection }) => {
      if (platform.simulator === undefined) {
        throw new TandemError(
          'E_NOT_SUPPORTED',
          platform.name === 'windows'
            ? 'simulate is refused by the Windows service, which tracks the real sessions of this machine; run a simulator with: tandem-service console --sessions <n>'
            : 'simulate needs a service started as a session simulator: tandem-service console --sessions <n>',
        );
      }
      const result = await platform.simulator.run(scenario);
      logger.info({ scenario, sequence: result.sequence, by: callerOf(connection) }, 'simulated scenario');
      return result;
    },
    'agent.settings': () => ({ tray: trayView(config.config.tray) }),
    'agent.quit': (_params, { connection }) => {
      const sessionId = sessionOf(connection, 'agent.quit');
      logger.info({ sessionId }, 'the user quit the tray; no relaunch in this session until the next logon or an explicit restart');
      supervisor.quit(sessionId);
      return { ok: true as const };
    },
    'agent.action': ({ id }, { connection }) => deps.actions.request(id, sessionOf(connection, 'agent.action'), callerOf(connection)),
    'actions.list': () => deps.actions.list(),
    'actions.run': ({ id, sessionId }, { connection }) => deps.actions.request(id, sessionId ?? defaultActionSession(supervisor.sessions()), callerOf(connection)),
    'actions.history': ({ limit }) => ({ runs: deps.actions.history(limit) }),
  };
}

function viewerOf(connection: ServerConnection<Events>): { role: 'user' | 'admin'; sessionId: number | null } {
  return { role: connection.role, sessionId: connection.peer.sessionId };
}

/**
 * A diagnostics archive for the caller: everything for the admin endpoint, the caller's own
 * logon only for a session's user (diagnostics-contents.ts), built one at a time and handed
 * back again within the cooldown (diagnostics-collector.ts).
 */
async function collectDiagnostics(deps: HandlerDeps, connection: ServerConnection<Events>): Promise<ArchiveResult> {
  const { supervisor, platform, logger } = deps;
  const sessionId = connection.role === 'admin' ? null : connection.peer.sessionId;
  const session = sessionId === null ? null : supervisor.session(sessionId);
  const since = sessionId === null ? undefined : supervisor.trackedSince(sessionId);
  if (sessionId !== null && (session === undefined || since === undefined)) throw new TandemError('E_UNAVAILABLE', `session ${sessionId} is no longer tracked`);
  const owner: LogOwner | null = sessionId === null || since === undefined ? null : { sessionId, since };
  const tracked = session ?? null;
  // One key per logon: a new logon reusing the session id never gets the previous user's archive.
  const folder = platform.paths.diagnosticsDir(tracked);
  const key = tracked === null ? 'admin' : `session:${tracked.id}:${tracked.logonId}`;
  const result = await deps.diagnostics.collect({ key, folder }, async () => {
    const archive = await writeArchive({
      entries: archiveContents({
        status: statusFor(deps.status(connection.role), viewerOf(connection)),
        config: deps.config.view(connection.role),
        logFiles: deps.logFiles(),
        dataDir: platform.paths.dataDir,
        secretKeys: SECRET_CONFIG_KEYS,
        owner,
      }),
      outputDir: folder,
      label: tracked === null ? 'admin' : `session-${tracked.id}`,
      now: new Date(),
    });
    await platform.grantRead(archive.path, tracked);
    logger.info({ sessionId: tracked?.id, path: archive.path, bytes: archive.bytes, by: callerOf(connection) }, 'diagnostics collected');
    return archive;
  });
  return result;
}
