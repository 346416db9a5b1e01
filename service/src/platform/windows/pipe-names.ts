/**
 * Where Tandem's pipes live. The admin pipe sits under ProtectedPrefix\Administrators: Windows
 * lets only administrators (and LocalSystem) create pipes there, so no user process can have
 * taken the name before the service starts. Agent pipes carry a random part, so a name cannot be
 * guessed and pre-created, and a new one is made for every endpoint.
 */
import { randomBytes } from 'node:crypto';

export const PIPE_ROOT = '\\\\.\\pipe\\';
export const ADMIN_PIPE_PREFIX = `${PIPE_ROOT}ProtectedPrefix\\Administrators\\Tandem\\`;
export const ADMIN_PIPE_NAME = `${ADMIN_PIPE_PREFIX}admin`;
export const AGENT_PIPE_PREFIX = `${PIPE_ROOT}Tandem\\agent-`;

export function agentPipeName(sessionId: number): string {
  return `${AGENT_PIPE_PREFIX}${sessionId}-${randomBytes(12).toString('hex')}`;
}

/** True for the names of pipes the Tandem service serves (the ones a client must verify). */
export function isTandemPipeName(address: string): boolean {
  const lower = address.toLowerCase();
  return lower.startsWith(ADMIN_PIPE_PREFIX.toLowerCase()) || lower.startsWith(AGENT_PIPE_PREFIX.toLowerCase());
}
