/**
 * The headless agent's entry. The service launches it in console mode (and in the Windows tests
 * under Wine); it connects to the endpoint in TANDEM_ENDPOINT, logs one line per notable event to
 * stdout, and exits 0 when the service asks (agent.shutdown), on SIGTERM or SIGINT, and, with
 * TANDEM_EXIT_WITH_STDIN=1, when stdin ends. A bad environment exits 2 with the reason on stderr;
 * an error no code handled exits 70 after a `fatal:` line.
 *
 * Start-up order matters: parse the environment and greet the service first, with modules that
 * do not load the schema library, then load the rest (see early-hello.ts).
 */
import { describeError } from '@tandem/shared/errors';
import { installSafetyNet } from '@tandem/shared/safety-net';
import { PRODUCT_VERSION } from '@tandem/shared/version';
import { EarlyHelloConnector, greetEarly } from './early-hello.js';
import { parseLaunchEnvironment, type LaunchEnvironment } from './launch-environment.js';

export const CLIENT_NAME = `tandem-agent/${PRODUCT_VERSION}`;
const EXIT_USAGE = 2;
/** An error no code handled (EX_SOFTWARE); the service logs the exit and relaunches with backoff. */
export const EXIT_FATAL = 70;

async function main(): Promise<void> {
  // Said on stdout, which the service logs as this agent's output.
  installSafetyNet({ exitCode: EXIT_FATAL, record: (error, origin) => void process.stdout.write(`fatal: ${origin}: ${describeError(error)}\n`) });
  let launch: LaunchEnvironment;
  try {
    launch = parseLaunchEnvironment(process.env);
  } catch (error) {
    process.stderr.write(`tandem-agent: ${describeError(error)}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  const early = greetEarly(launch.endpoint, CLIENT_NAME);
  const [{ runAgent }, { createConnector }] = await Promise.all([import('./run-agent.js'), import('./connector.js')]);
  runAgent(launch, new EarlyHelloConnector(createConnector(launch.endpoint), early), CLIENT_NAME);
}

void main();
