/**
 * Checks what the server said in its welcome before the agent trusts anything it sends. Proving
 * that the endpoint belongs to the Tandem service at all is the Connector's job (on Windows it
 * checks the pipe server's process before a byte is written); this hook checks that the server
 * speaks for Tandem and bound this connection to the session the agent runs in.
 */
import type { Welcome } from '@tandem/shared';
import type { LinkInfo } from './agent-state.js';
import { parseProduct } from './service-identity.js';

export type ServerVerdict = { readonly ok: true; readonly link: LinkInfo } | { readonly ok: false; readonly problem: string };

export type ServerVerifier = (welcome: Welcome) => ServerVerdict;

export const TANDEM_PRODUCT_NAME = 'tandem';

/**
 * The agent's verifier: a Tandem service that granted the user role on an endpoint bound to a
 * session, and to `expectedSessionId` when the launcher told the agent its session.
 */
export function agentServerVerifier(expectedSessionId: number | null): ServerVerifier {
  return (welcome) => {
    const refuse = (problem: string): ServerVerdict => ({ ok: false, problem });
    const service = parseProduct(welcome.product);
    if (service === null || service.name !== TANDEM_PRODUCT_NAME) {
      return refuse(`the server calls itself \`${welcome.product}\`, not the Tandem service`);
    }
    if (welcome.role !== 'user') return refuse(`the server granted the ${welcome.role} role; an agent expects user`);
    if (welcome.sessionId === null) return refuse('the server did not bind the connection to a session');
    if (expectedSessionId !== null && welcome.sessionId !== expectedSessionId) {
      return refuse(`the server bound the connection to session ${welcome.sessionId}, but this agent runs in session ${expectedSessionId}`);
    }
    return { ok: true, link: { product: welcome.product, service, sessionId: welcome.sessionId } };
  };
}
