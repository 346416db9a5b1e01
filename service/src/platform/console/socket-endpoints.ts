/**
 * Console mode's endpoints: Unix sockets (named pipes on a Windows developer machine) in the
 * private runtime directory. The directory's 0700 mode is the access control; the admin socket
 * therefore grants admin to the one user who can reach it, the service's own.
 */
import { socketAddress, SocketListener } from '@tandem/shared';
import type { AgentEndpoint, EndpointFactory, Session } from '../platform.js';

export const ADMIN_ENDPOINT_NAME = 'admin';

export class SocketEndpoints implements EndpointFactory {
  readonly #runtimeDir: string;

  constructor(runtimeDir: string) {
    this.#runtimeDir = runtimeDir;
  }

  admin(): SocketListener {
    return new SocketListener({
      address: socketAddress(this.#runtimeDir, ADMIN_ENDPOINT_NAME),
      peer: { maxRole: 'admin', sessionId: null, endpoint: 'admin' },
    });
  }

  agent(session: Session): AgentEndpoint {
    const listener = new SocketListener({
      address: socketAddress(this.#runtimeDir, `agent-${session.id}`),
      peer: { maxRole: 'user', sessionId: session.id, endpoint: `agent:${session.id}` },
    });
    return { listener, address: listener.address };
  }
}
