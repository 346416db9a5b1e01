/**
 * How the agent reaches the service: the one place that picks the Connector. Today that is the
 * console transport's SocketConnector (a Unix socket, or a plain named pipe on a Windows
 * developer machine). The Windows platform will provide a connector that checks the pipe's
 * server process is the Tandem service before trusting it; it is swapped in here and nowhere
 * else.
 */
import { SocketConnector, type Connector } from '@tandem/shared';

export function createConnector(address: string): Connector {
  return new SocketConnector(address);
}
