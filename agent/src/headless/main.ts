/**
 * The headless agent: the tray's core without Electron. The service launches it in console mode
 * (and in the Windows tests under Wine); it connects to the endpoint in TANDEM_ENDPOINT, logs one
 * line per notable event to stdout, and exits 0 when the service asks (agent.shutdown), on
 * SIGTERM or SIGINT, and, with TANDEM_EXIT_WITH_STDIN=1, when stdin ends. A bad environment
 * exits 2 with the reason on stderr.
 */
import { describeError, PRODUCT_VERSION } from '@tandem/shared';
import { AgentCore } from '../core/agent-core.js';
import { createConnector } from './connector.js';
import { eventLine } from './event-lines.js';
import { parseLaunchEnvironment, type LaunchEnvironment } from './launch-environment.js';

const CLIENT_NAME = `tandem-agent/${PRODUCT_VERSION}`;
const EXIT_USAGE = 2;
/** Once stopped the process ends by itself; this only bounds a hang if something is left open. */
const EXIT_GRACE_MS = 2_000;

function main(): void {
  let launch: LaunchEnvironment;
  try {
    launch = parseLaunchEnvironment(process.env);
  } catch (error) {
    process.stderr.write(`tandem-agent: ${describeError(error)}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  // The service may be gone while we still write; a broken stdout must not crash the agent.
  process.stdout.on('error', () => undefined);
  const log = (line: string): void => void process.stdout.write(`${line}\n`);

  const core = new AgentCore({ connector: createConnector(launch.endpoint), clientName: CLIENT_NAME, expectedSessionId: launch.sessionId });
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
  log(`starting ${CLIENT_NAME} (pid ${process.pid})${session}, endpoint ${launch.endpoint}`);
  core.start();
}

main();
