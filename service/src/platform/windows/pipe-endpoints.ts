/**
 * The Windows EndpointFactory: the admin pipe (elevated administrators) and one pipe per
 * session's agent (that session's user only), each an AclPipeListener with its documented DACL.
 */
import type { AgentEndpoint, EndpointFactory, Session } from '../platform.js';
import { AclPipeListener } from './acl-pipe-listener.js';
import { ADMIN_PIPE_SDDL, agentPipeSddl } from './pipe-acl.js';
import { admitElevatedAdministrator, admitSessionUser, type PipeClient } from './pipe-client.js';
import { ADMIN_PIPE_NAME, agentPipeName } from './pipe-names.js';

export interface PipeEndpointsOptions {
  readonly adminPipe?: string;
  /** Told about each refused client (the platform writes it to the Event Log). */
  readonly onRejected?: (endpoint: string, reason: string, client: PipeClient | null) => void;
}

export class PipeEndpoints implements EndpointFactory {
  readonly #options: PipeEndpointsOptions;

  constructor(options: PipeEndpointsOptions = {}) {
    this.#options = options;
  }

  admin(): AclPipeListener {
    const onRejected = this.#options.onRejected;
    return new AclPipeListener({
      address: this.#options.adminPipe ?? ADMIN_PIPE_NAME,
      sddl: ADMIN_PIPE_SDDL,
      peer: { maxRole: 'admin', sessionId: null, endpoint: 'admin' },
      admit: admitElevatedAdministrator,
      ...(onRejected === undefined ? {} : { onRejected: (reason: string, client: PipeClient | null) => onRejected('admin', reason, client) }),
    });
  }

  agent(session: Session): AgentEndpoint {
    const endpoint = `agent:${session.id}`;
    const onRejected = this.#options.onRejected;
    const listener = new AclPipeListener({
      address: agentPipeName(session.id),
      sddl: agentPipeSddl(session.userId),
      peer: { maxRole: 'user', sessionId: session.id, endpoint },
      admit: admitSessionUser(session.id, session.userId),
      ...(onRejected === undefined ? {} : { onRejected: (reason: string, client: PipeClient | null) => onRejected(endpoint, reason, client) }),
    });
    return { listener, address: listener.address };
  }
}
