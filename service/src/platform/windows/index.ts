/**
 * The Windows platform: Tandem as a LocalSystem service under the SCM, agents started in each
 * user session as that user, tray actions run as SYSTEM or as the requesting session's user,
 * ACL'd named pipes, policy from the registry, the Event Log, and the data directory under
 * %ProgramData% locked to SYSTEM and Administrators.
 */
import path from 'node:path';
import { agentCommand } from '../../install-layout.js';
import { WindowsActionRunner } from './action-runner.js';
import type { HostedService, Platform, Session } from '../platform.js';
import { defaultDataDir, ensureDataDir, grantUserRead } from './data-dir.js';
import { EVENT_ID, EventLog } from './event-log.js';
import { PipeEndpoints } from './pipe-endpoints.js';
import { ProcessAsUserLauncher, type AgentCommand } from './process-as-user.js';
import { assertSupportedWindows } from './os-version.js';
import { RegistryPolicySource } from './registry-policy-source.js';
import { ScmHost } from './scm-host.js';
import { assertSafeServiceRuntime } from './service-setup.js';
import { sendSessionMessage } from './session-message.js';
import { WtsSessionSource } from './wts-session-source.js';

import { DEFAULT_SERVICE_NAME } from './service-name.js';

export { DEFAULT_SERVICE_NAME };

export interface WindowsPlatformOptions {
  /** The SCM name of the service (also what agents verify their pipe's server against). */
  readonly serviceName?: string;
  /** Default %ProgramData%\Tandem. */
  readonly dataDir?: string;
  readonly agent?: AgentCommand;
  readonly adminPipe?: string;
}

export type { AgentCommand };

export function createWindowsPlatform(options: WindowsPlatformOptions = {}): Platform {
  const serviceName = options.serviceName ?? DEFAULT_SERVICE_NAME;
  const dataDir = options.dataDir ?? defaultDataDir();
  const eventLog = new EventLog(serviceName);
  const sessions = new WtsSessionSource();
  const agent: AgentCommand = options.agent ?? agentCommand();
  const scm = new ScmHost({ serviceName, eventLog, onSessionChange: (change) => sessions.notify(change) });
  // A local user can knock on a pipe as often as they like: log refusals, at most one a minute per endpoint.
  const lastRejection = new Map<string, number>();
  const endpoints = new PipeEndpoints({
    ...(options.adminPipe === undefined ? {} : { adminPipe: options.adminPipe }),
    onRejected: (endpoint, reason) => {
      const now = Date.now();
      if (now - (lastRejection.get(endpoint) ?? 0) < 60_000) return;
      lastRejection.set(endpoint, now);
      eventLog.write('warning', EVENT_ID.clientRejected, `Tandem refused a client of its ${endpoint} pipe: ${reason}`);
    },
  });
  return {
    name: 'windows',
    paths: {
      dataDir,
      logDir: path.win32.join(dataDir, 'logs'),
      diagnosticsDir: () => path.win32.join(dataDir, 'diagnostics'),
    },
    host: {
      // The runtime's safety and the data directory come first: a failure there is a failed start, with its exit code.
      run: (service: HostedService) =>
        scm.run({
          start: async (progress) => {
            assertSupportedWindows();
            assertSafeServiceRuntime(agent);
            const data = ensureDataDir(dataDir);
            for (const { to, reason } of data.movedAside) {
              eventLog.write('warning', EVENT_ID.warning, `Tandem did not trust its data directory and moved it to ${to} before creating a new one: ${reason}`);
            }
            await service.start(progress);
          },
          stop: (reason, progress) => service.stop(reason, progress),
          reload: () => service.reload(),
          running: () => service.running(),
          power: (change) => service.power(change),
        }),
    },
    sessions,
    launcher: new ProcessAsUserLauncher({ ...agent, env: { ...agent.env, TANDEM_SERVICE_NAME: serviceName } }),
    endpoints,
    policy: new RegistryPolicySource(),
    fallbackNotify: sendSessionMessage,
    actions: new WindowsActionRunner(),
    grantRead: async (file: string, session: Session | null) => {
      if (session !== null) grantUserRead(file, session.userId);
    },
    reportFatal: (message) => void eventLog.write('error', EVENT_ID.fatal, message),
    reportConfigChange: (message) => void eventLog.write('information', EVENT_ID.configChanged, message),
  };
}
