/**
 * Console mode's endpoints. On Linux and macOS: Unix sockets in the private runtime directory,
 * whose 0700 mode is the access control; the admin socket therefore grants admin to the one user
 * who can reach it, the service's own. On a Windows developer machine: named pipes whose DACL
 * and admission give the same guarantee (owner-only-pipe.ts); a net.Server pipe would let any
 * local user read it, or squat its predictable name first (SECURITY.md F7).
 */
import { socketAddress, SocketListener, type Listener, type PeerIdentity } from '@tandem/shared';
import type { AgentEndpoint, EndpointFactory, Session } from '../platform.js';
import { DeferredListener } from './deferred-listener.js';

export const ADMIN_ENDPOINT_NAME = 'admin';

export interface SocketEndpointsOptions {
  readonly platform?: NodeJS.Platform;
  /** Where a refused pipe client is reported (Windows); standard error by default, where console mode logs. */
  readonly onRejected?: (address: string, reason: string) => void;
}

export class SocketEndpoints implements EndpointFactory {
  readonly #runtimeDir: string;
  readonly #platform: NodeJS.Platform;
  readonly #onRejected: (address: string, reason: string) => void;

  constructor(runtimeDir: string, options: SocketEndpointsOptions = {}) {
    this.#runtimeDir = runtimeDir;
    this.#platform = options.platform ?? process.platform;
    this.#onRejected = options.onRejected ?? ((address, reason) => void process.stderr.write(`tandem-service: ${address}: ${reason}\n`));
  }

  admin(): Listener {
    return this.#listener(socketAddress(this.#runtimeDir, ADMIN_ENDPOINT_NAME), { maxRole: 'admin', sessionId: null, endpoint: 'admin' });
  }

  agent(session: Session): AgentEndpoint {
    const listener = this.#listener(socketAddress(this.#runtimeDir, `agent-${session.id}`), {
      maxRole: 'user',
      sessionId: session.id,
      endpoint: `agent:${session.id}`,
    });
    return { listener, address: listener.address };
  }

  #listener(address: string, peer: Omit<PeerIdentity, 'pid' | 'account'>): Listener {
    if (this.#platform !== 'win32') return new SocketListener({ address, peer });
    const onRejected = (reason: string): void => this.#onRejected(address, reason);
    // Imported only here, on win32, so that console mode elsewhere never loads koffi.
    return new DeferredListener(address, async () => (await import('../windows/owner-only-pipe.js')).ownerOnlyPipeListener({ address, peer, onRejected }));
  }
}
