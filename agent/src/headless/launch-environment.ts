/**
 * The contract with the launcher (the service's agent launcher, or a developer): what the agent
 * reads from its environment, parsed once with a message that says what to do when it is wrong.
 *
 *   TANDEM_ENDPOINT         required: the socket path or `\\.\pipe\…` name of this session's endpoint
 *   TANDEM_SESSION_ID       optional: the session the service launched us into (a whole number)
 *   TANDEM_EXIT_WITH_STDIN  optional: `1` to exit when stdin ends, so the agent never outlives a
 *                           console-mode service that was killed
 */
// From the errors module alone: the entry parses its environment before loading the protocol.
import { TandemError } from '@tandem/shared/errors';

export interface LaunchEnvironment {
  readonly endpoint: string;
  readonly sessionId: number | null;
  readonly exitWithStdin: boolean;
}

/** Longer than any socket path or pipe name the service makes; refuses pasted garbage early. */
const MAX_ENDPOINT_LENGTH = 1024;

export function parseLaunchEnvironment(env: NodeJS.ProcessEnv): LaunchEnvironment {
  const endpoint = env['TANDEM_ENDPOINT'];
  if (endpoint === undefined || endpoint.trim() === '') {
    throw new TandemError(
      'E_INVALID_PARAMS',
      'TANDEM_ENDPOINT is not set. The Tandem service starts this agent and sets it to the address of the session\'s endpoint; ' +
        'to run the agent by hand, set TANDEM_ENDPOINT to that socket path or pipe name.',
    );
  }
  if (endpoint.length > MAX_ENDPOINT_LENGTH || endpoint.includes('\0')) {
    throw new TandemError('E_INVALID_PARAMS', `TANDEM_ENDPOINT must be a socket path or pipe name of at most ${MAX_ENDPOINT_LENGTH} characters`);
  }
  return { endpoint, sessionId: parseSessionId(env['TANDEM_SESSION_ID']), exitWithStdin: parseFlag('TANDEM_EXIT_WITH_STDIN', env['TANDEM_EXIT_WITH_STDIN']) };
}

function parseSessionId(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  if (!/^\d{1,9}$/.test(value)) {
    throw new TandemError('E_INVALID_PARAMS', `Expected TANDEM_SESSION_ID to be a session number such as 1, got \`${value.slice(0, 32)}\``);
  }
  return Number(value);
}

function parseFlag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new TandemError('E_INVALID_PARAMS', `Expected ${name} to be 1 or 0, got \`${value.slice(0, 32)}\``);
}
