/**
 * The agent greets the service the moment it runs, before it loads the rest of itself: the
 * service learns within milliseconds of the launch that the agent is alive and who it is, while
 * the schemas, the core and the UI load and the welcome is on its way. Only Unix-socket
 * endpoints (console mode) are greeted early: a Tandem Windows pipe must first be verified to
 * belong to the service, which needs koffi, so there the normal connector greets as usual.
 *
 * What this module imports is what the agent loads before greeting: keep it to node:net and the
 * protocol's schema-free modules.
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { TandemError } from '@tandem/shared/errors';
import { greet, helloMessage, type GreetedStream } from '@tandem/shared/hello';
import type { Connector } from '@tandem/shared/transport';
import { PRODUCT } from '@tandem/shared/version';

/** Starts connecting and greeting; undefined where an early greeting is not safe. */
export function greetEarly(endpoint: string, client: string, platform: NodeJS.Platform = process.platform): Promise<GreetedStream> | undefined {
  if (platform === 'win32') return undefined;
  const socket = net.connect(endpoint);
  const greeted = greet(socket, helloMessage('user', client, PRODUCT));
  const connected = new Promise<GreetedStream>((resolve, reject) => {
    socket.once('connect', () => {
      // Until the RpcClient takes the stream over (and listens for errors itself), a reset
      // must not crash the agent; the client then sees the stream closed and reconnects.
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      resolve(greeted);
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(new TandemError('E_UNAVAILABLE', `cannot reach the Tandem service at ${endpoint}: ${error.message}`));
    });
  });
  // Failing early is not fatal (the connector then connects normally): never an unhandled rejection.
  connected.catch(() => undefined);
  return connected;
}

/** Hands out the early greeted stream for the first connection, then connects normally. */
export class EarlyHelloConnector implements Connector {
  readonly address: string;
  readonly #normal: Connector;
  #early: Promise<GreetedStream> | undefined;

  constructor(normal: Connector, early: Promise<GreetedStream> | undefined) {
    this.address = normal.address;
    this.#normal = normal;
    this.#early = early;
  }

  async connect(): Promise<Duplex | GreetedStream> {
    const early = this.#early;
    this.#early = undefined;
    if (early !== undefined) {
      try {
        return await early;
      } catch {
        // The service was not there yet; connect the ordinary way (and report its error).
      }
    }
    return this.#normal.connect();
  }
}
