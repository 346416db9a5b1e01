/**
 * tandemctl as a session's user: a connection with role `user` to that session's own endpoint,
 * the one its tray uses. `--endpoint` takes the endpoint's address (an agent finds it in
 * $TANDEM_ENDPOINT) or a session id: in console mode that is the socket of that session in the
 * runtime directory; on Windows the service's pipe of that session, found in the pipe listing
 * (its name has a random part) and then verified, like any Tandem pipe, to be served by the
 * Tandem service before a byte is sent.
 */
import { promises as fs } from 'node:fs';
import { commands, defaultRuntimeDir, events, PRODUCT, PRODUCT_VERSION, RpcClient, socketAddress, TandemError, type Commands, type Connector, type Events } from '@tandem/shared';
import { AGENT_PIPE_PREFIX, PIPE_ROOT } from '../platform/windows/pipe-names.js';

export interface EndpointOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  /** The names in `\\.\pipe\` (Windows). */
  readonly listPipes?: () => Promise<string[]>;
}

/** The address `--endpoint <given>` means. */
export async function sessionEndpointAddress(given: string, options: EndpointOptions): Promise<string> {
  if (!/^\d{1,9}$/.test(given)) return given;
  const sessionId = Number(given);
  const platform = options.platform ?? process.platform;
  // Console mode: the runtime directory's socket (or, on Windows, its named pipe) of that session.
  if (platform !== 'win32' || options.env.TANDEM_RUNTIME_DIR) return socketAddress(defaultRuntimeDir(options.env), `agent-${sessionId}`);
  const names = await (options.listPipes ?? (() => fs.readdir(PIPE_ROOT)))();
  const prefix = AGENT_PIPE_PREFIX.slice(PIPE_ROOT.length).toLowerCase();
  const pattern = new RegExp(`^${escapeRegExp(prefix)}${sessionId}-[0-9a-f]{24}$`);
  const matches = names.filter((name) => pattern.test(name.toLowerCase()));
  const only = matches.length === 1 ? matches[0] : undefined;
  if (only === undefined) {
    throw new TandemError('E_UNAVAILABLE', matches.length === 0 ? `the Tandem service has no endpoint for session ${sessionId}` : `several pipes claim to be session ${sessionId}'s endpoint; give its address`);
  }
  return `${PIPE_ROOT}${only}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function connectSession(connector: Connector, timeoutMs: number): Promise<RpcClient<Commands, Events>> {
  return RpcClient.connect<Commands, Events>({
    connector,
    commands,
    events,
    role: 'user',
    client: `tandemctl/${PRODUCT_VERSION}`,
    product: PRODUCT,
    requestTimeoutMs: timeoutMs,
  });
}
