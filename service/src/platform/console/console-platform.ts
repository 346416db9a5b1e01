/**
 * The console platform: Tandem's core on any OS, as the current user, for development, demos
 * and tests. Same interfaces as Windows, ordinary mechanisms: child processes, Unix sockets, a
 * policy file.
 */
import path from 'node:path';
import { defaultRuntimeDir } from '@tandem/shared';
import { agentScript } from '../../install-layout.js';
import type { Platform, SessionSource } from '../platform.js';
import { ChildProcessLauncher, type AgentCommand } from './child-process-launcher.js';
import { ConsoleHost } from './console-host.js';
import { CurrentSessionSource } from './current-session-source.js';
import { FilePolicySource } from './file-policy-source.js';
import { createSimulation } from './simulator/simulation.js';
import { SocketEndpoints } from './socket-endpoints.js';
import { ProcessGroupActionRunner } from './process-group-runner.js';

export interface ConsolePlatformOptions {
  readonly dataDir: string;
  readonly runtimeDir?: string;
  readonly sessions?: SessionSource;
  /** Be a session simulator with this many users logged on at start (`--sessions N`; 0: nobody). */
  readonly simulate?: number;
  readonly agent?: AgentCommand;
  readonly onRunning?: () => void;
}

export function createConsolePlatform(options: ConsolePlatformOptions): Platform {
  const dataDir = path.resolve(options.dataDir);
  const runtimeDir = options.runtimeDir ?? defaultRuntimeDir();
  const children = new ChildProcessLauncher(options.agent ?? { executable: process.execPath, args: [agentScript()] });
  const simulation = options.simulate === undefined ? undefined : createSimulation({ sessions: options.simulate, launcher: children });
  return {
    name: 'console',
    paths: {
      dataDir,
      logDir: path.join(dataDir, 'logs'),
      diagnosticsDir: () => path.join(dataDir, 'diagnostics'),
    },
    host: new ConsoleHost({
      ...(options.onRunning === undefined ? {} : { onRunning: options.onRunning }),
      ...(simulation === undefined ? {} : { controls: simulation.simulator }),
    }),
    sessions: simulation?.machine ?? options.sessions ?? new CurrentSessionSource(),
    launcher: simulation?.launcher ?? children,
    endpoints: new SocketEndpoints(runtimeDir),
    policy: new FilePolicySource(dataDir),
    // The handler logs every fallback; in console mode the log is where the user looks.
    fallbackNotify: async () => undefined,
    // Both runAs values run as the current user: the service is that user.
    actions: new ProcessGroupActionRunner(),
    // The service runs as the user: whatever it writes, the user can read.
    grantRead: async () => undefined,
    reportFatal: (message) => void process.stderr.write(`tandem-service: ${message}\n`),
    ...(simulation === undefined ? {} : { simulator: simulation.simulator }),
    // The core logs every change with the same description; the log is where it is looked for.
    reportConfigChange: () => undefined,
  };
}
