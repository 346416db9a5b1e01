/**
 * How a client (an agent, tandemctl) reaches the service at `address`. Tandem's Windows pipes
 * get the verified pipe connector: it refuses a pipe whose server is not the process the SCM
 * runs as the Tandem service. Everything else (console mode's Unix sockets and developer pipes)
 * gets the console transport's connector. The choice is made here, once, for every client.
 */
import { SocketConnector, type Connector } from '@tandem/shared';
import { WindowsPipeConnector } from './windows/pipe-connector.js';
import { isTandemPipeName } from './windows/pipe-names.js';

export interface ConnectorOptions {
  /** The SCM name of the service to trust; default $TANDEM_SERVICE_NAME, else Tandem. */
  readonly serviceName?: string;
  readonly platform?: NodeJS.Platform;
  readonly env?: NodeJS.ProcessEnv;
}

export function createConnector(address: string, options: ConnectorOptions = {}): Connector {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32' && isTandemPipeName(address)) {
    const serviceName = options.serviceName ?? (options.env ?? process.env).TANDEM_SERVICE_NAME ?? 'Tandem';
    return new WindowsPipeConnector(address, { kind: 'service', serviceName });
  }
  return new SocketConnector(address);
}
