/**
 * The headless agent proper, started by its entry (main.ts) once the environment is parsed and
 * the service greeted: the tray's core without Electron, logging one line per notable event.
 */
import type { Connector } from '@tandem/shared';
import { AgentCore } from '../core/agent-core.js';
import { eventLine } from './event-lines.js';
import type { LaunchEnvironment } from './launch-environment.js';

/** Once stopped the process ends by itself; this only bounds a hang if something is left open. */
const EXIT_GRACE_MS = 2_000;

export function runAgent(launch: LaunchEnvironment, connector: Connector, clientName: string): void {
  // The service may be gone while we still write; a broken stdout must not crash the agent.
  process.stdout.on('error', () => undefined);
  const log = (line: string): void => void process.stdout.write(`${line}\n`);

  const core = new AgentCore({ connector, clientName, expectedSessionId: launch.sessionId });
  let exiting = false;
  const exit = (why: string): void => {
    if (exiting) return;
    exiting = true;
    log(`exiting: ${why}`);
    core.stop();
    if (launch.exitWithStdin) process.stdin.destroy();
    process.exitCode = 0;
    setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
  };

  core.events.subscribe((event) => {
    const line = eventLine(event);
    if (line !== null) log(line);
    if (event.type === 'shutdown') exit(`the service asked (${event.reason})`);
  });
  process.once('SIGTERM', () => exit('SIGTERM'));
  process.once('SIGINT', () => exit('SIGINT'));
  if (launch.exitWithStdin) {
    // 'end' is the launcher closing our stdin (or dying); 'error' a pipe that broke instead.
    process.stdin.once('end', () => exit('stdin closed'));
    process.stdin.once('error', () => exit('stdin broke'));
    process.stdin.resume();
  }

  const session = launch.sessionId === null ? '' : ` in session ${launch.sessionId}`;
  log(`starting ${clientName} (pid ${process.pid})${session}, endpoint ${launch.endpoint}`);
  core.start();
}
