/**
 * How the agent reaches the service: the one place that picks the Connector. It takes the
 * service's own choice (@tandem/service's platform/connector), so the agent and tandemctl trust
 * the same way: on Windows, a Tandem pipe gets the verified pipe connector, which refuses a pipe
 * whose server is not the process the SCM runs as the Tandem service (TANDEM_SERVICE_NAME, set by
 * the Windows launcher, names it); anything else (console mode's Unix sockets, developer pipes)
 * gets the console transport's SocketConnector. koffi loads only when a Windows pipe is used.
 */
import type { Connector } from '@tandem/shared';
import { createConnector as createServiceConnector, type ConnectorOptions } from '@tandem/service/platform/connector';

export function createConnector(address: string, options: ConnectorOptions = {}): Connector {
  return createServiceConnector(address, options);
}
