/**
 * How a client (an agent, tandemctl) reaches the service at `address`. On Windows every address
 * is a pipe, read in its canonical form whatever its spelling (SECURITY.md F7), and opened by
 * the verified pipe connector, always at identification level (the server may identify the client,
 * never act as it): Tandem's service pipes must be served by the process the SCM runs as the
 * Tandem service; any other local pipe (console mode's) by a process of this same user. A pipe on
 * another machine is refused. Elsewhere (Unix sockets) the console transport's connector.
 * The choice is made here, once, for every client.
 */
import { SocketConnector, TandemError, type Connector } from '@tandem/shared';
import { WindowsPipeConnector } from './windows/pipe-connector.js';
import { ADMIN_PIPE_NAME, isTandemPipeName, parsePipeAddress } from './windows/pipe-names.js';

export interface ConnectorOptions {
  /** The SCM name of the service to trust; default $TANDEM_SERVICE_NAME, else Tandem. */
  readonly serviceName?: string;
  readonly platform?: NodeJS.Platform;
  readonly env?: NodeJS.ProcessEnv;
}

export function createConnector(address: string, options: ConnectorOptions = {}): Connector {
  const platform = options.platform ?? process.platform;
  if (platform !== 'win32') return new SocketConnector(address);
  const env = options.env ?? process.env;
  const parsed = parsePipeAddress(address, env.COMPUTERNAME === undefined ? [] : [env.COMPUTERNAME]);
  if (parsed.kind === 'remote') return refusing(address, `refusing ${address}: a pipe on ${parsed.host} is not this machine's Tandem service`);
  if (parsed.kind === 'not-a-pipe') return refusing(address, `${address} is not a named pipe address (\\\\.\\pipe\\…)`);
  if (isTandemPipeName(parsed.canonical)) {
    return new WindowsPipeConnector(parsed.canonical, { kind: 'service', serviceName: options.serviceName ?? env.TANDEM_SERVICE_NAME ?? 'Tandem' });
  }
  return new WindowsPipeConnector(parsed.canonical, { kind: 'same-user' });
}

/** How a connector checks its server, in two words: what a client tells the service (its hello) and its logs. */
export type ConnectorCheck = 'verified pipe' | 'same-user pipe' | 'socket' | 'refused';

/**
 * What createConnector() chose: `verified pipe` checks that the pipe's server is the expected
 * process (for Tandem's pipes, the process the SCM runs as the service), before a byte is sent.
 */
export function connectorCheck(connector: Connector): ConnectorCheck {
  if (connector instanceof WindowsPipeConnector) return connector.trust.kind === 'same-user' ? 'same-user pipe' : 'verified pipe';
  return connector instanceof SocketConnector ? 'socket' : 'refused';
}

function refusing(address: string, message: string): Connector {
  return { address, connect: () => Promise.reject(new TandemError('E_FORBIDDEN', message)) };
}

export interface AdminAddressChoice {
  readonly address: string;
  /** Set when the requested address was not used, saying why. */
  readonly ignored?: string;
}

export interface AdminAddressOptions {
  readonly platform?: NodeJS.Platform;
  /** Whether this process is elevated (or LocalSystem); asked only on Windows, when needed. */
  readonly elevated?: () => boolean;
}

/**
 * The admin address an administrator's tandemctl uses. `--address`, TANDEM_ADMIN_ADDRESS and
 * TANDEM_RUNTIME_DIR come from places an unelevated program can change (HKCU\Environment, a
 * shortcut): an elevated tandemctl that followed them would hand its commands to that program's
 * pipe. So an elevated process uses only an address that is one of the service's own pipes,
 * and otherwise the admin pipe, saying so (F7).
 */
export async function chooseAdminAddress(requested: string, options: AdminAddressOptions = {}): Promise<AdminAddressChoice> {
  if ((options.platform ?? process.platform) !== 'win32') return { address: requested };
  const parsed = parsePipeAddress(requested);
  if (parsed.kind === 'local' && isTandemPipeName(parsed.canonical)) return { address: parsed.canonical };
  const elevated = options.elevated ?? (await import('./windows/elevation.js')).isElevatedProcess;
  if (!elevated()) return { address: requested };
  return {
    address: ADMIN_PIPE_NAME,
    ignored:
      `ignoring the admin address ${requested} (from --address, TANDEM_ADMIN_ADDRESS or TANDEM_RUNTIME_DIR): ` +
      "an elevated tandemctl talks only to the Tandem service's own pipes, so that no unelevated program can redirect it",
  };
}
