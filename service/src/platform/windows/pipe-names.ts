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

/** How a client may name a pipe of this machine: `\\.\pipe\x`, `\\?\pipe\x`, `//./pipe/x`, `\\localhost\pipe\x`, … */
export type PipeAddress =
  | { readonly kind: 'local'; readonly canonical: string }
  | { readonly kind: 'remote'; readonly host: string }
  | { readonly kind: 'not-a-pipe' };

const LOCAL_HOSTS = new Set(['.', '?', 'localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Every spelling of a pipe address in one canonical form, `\\.\pipe\<name>`, so that what a
 * client verifies cannot depend on how the address was written (SECURITY.md F7). Slashes
 * count as backslashes; `\\?\`, `\\.\GLOBALROOT\Device\NamedPipe\`, `\\?\UNC\host\pipe\`
 * and the local host's names (`localhost`, the loopback addresses, `localNames` such as the
 * computer's name) all lead to this machine's pipes. Another host is `remote`. Names compare
 * without case, as Windows compares them, so the canonical form is lower-case.
 */
export function parsePipeAddress(address: string, localNames: readonly string[] = []): PipeAddress {
  const text = address.replaceAll('/', '\\');
  const device = /^\\\\[.?]\\GLOBALROOT\\Device\\NamedPipe\\(.+)$/i.exec(text);
  if (device?.[1] !== undefined) return { kind: 'local', canonical: `${PIPE_ROOT}${device[1]}`.toLowerCase() };
  const unc = /^\\\\(?:\?\\UNC\\)?([^\\]+)\\pipe\\(.+)$/i.exec(text);
  const host = unc?.[1];
  const name = unc?.[2];
  if (host === undefined || name === undefined) return { kind: 'not-a-pipe' };
  const lowerHost = host.toLowerCase();
  if (!LOCAL_HOSTS.has(lowerHost) && !localNames.some((local) => local.toLowerCase() === lowerHost)) return { kind: 'remote', host };
  return { kind: 'local', canonical: `${PIPE_ROOT}${name}`.toLowerCase() };
}
