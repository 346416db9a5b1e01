/**
 * `tandemctl simulate …`: the words an administrator types, turned into the `simulate` command's
 * params (validated by its schema in the command table, so both ends agree).
 */
import { SIMULATE_ACTIONS, SimulateParamsSchema, type SimulateParams } from '@tandem/shared';

export const SIMULATE_USAGE = `usage: tandemctl simulate <scenario>
  logon <user> [--remote] [--token-delay <ms>]   a user logs on (console: switching users if taken)
  logoff <session> [--busy]                      sign out (--busy: the tray holds the logoff up)
  lock <session> | unlock <session>
  disconnect <session>                           the RDP client or the console leaves the session
  connect <session> [--console]                  reconnect over RDP (any client), or at the console
  switch <session>                               fast user switching: the console moves there
  suspend [--end <session>[,<session>…]]         sleep; --end: sessions that end meanwhile
  resume
  shutdown [--fast-startup] [--update-hold <ms>] users logged off, then PRESHUTDOWN (or hibernation)`;

/** The simulate-only options tandemctl's parser collects. */
export interface SimulateFlags {
  readonly remote?: boolean | undefined;
  readonly console?: boolean | undefined;
  readonly busy?: boolean | undefined;
  readonly 'fast-startup'?: boolean | undefined;
  readonly 'token-delay'?: string | undefined;
  readonly 'update-hold'?: string | undefined;
  readonly end?: string | undefined;
}

export const SIMULATE_OPTIONS = {
  remote: { type: 'boolean' },
  console: { type: 'boolean' },
  busy: { type: 'boolean' },
  'fast-startup': { type: 'boolean' },
  'token-delay': { type: 'string' },
  'update-hold': { type: 'string' },
  end: { type: 'string' },
} as const;

export class SimulateUsageError extends Error {}

function sessionId(text: string | undefined): number {
  const id = Number(text);
  if (text === undefined || !Number.isInteger(id) || id < 1) throw new SimulateUsageError(`a session id is a whole number from 1, got \`${String(text)}\`\n${SIMULATE_USAGE}`);
  return id;
}

function millis(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (!Number.isInteger(ms)) throw new SimulateUsageError(`--${option} expects milliseconds, got \`${text}\``);
  return ms;
}

export function simulateParams(args: readonly string[], flags: SimulateFlags): SimulateParams {
  const [action, target, ...extra] = args;
  if (extra.length > 0) throw new SimulateUsageError(`unexpected \`${extra.join(' ')}\`\n${SIMULATE_USAGE}`);
  let raw: Record<string, unknown>;
  switch (action) {
    case 'logon':
      raw = { action, user: target, remote: flags.remote ?? false, tokenDelayMs: millis(flags['token-delay'], 'token-delay') };
      break;
    case 'logoff':
      raw = { action, sessionId: sessionId(target), busy: flags.busy ?? false };
      break;
    case 'lock':
    case 'unlock':
    case 'disconnect':
    case 'switch':
      raw = { action, sessionId: sessionId(target) };
      break;
    case 'connect':
      raw = { action, sessionId: sessionId(target), remote: !(flags.console ?? false) };
      break;
    case 'suspend':
      raw = { action, endSessions: flags.end === undefined ? [] : flags.end.split(',').map((id) => sessionId(id.trim())) };
      break;
    case 'resume':
      raw = { action };
      break;
    case 'shutdown':
      raw = { action, fastStartup: flags['fast-startup'] ?? false, updateHoldMs: millis(flags['update-hold'], 'update-hold') };
      break;
    default:
      throw new SimulateUsageError(`a scenario is one of ${SIMULATE_ACTIONS.join(', ')}, got \`${String(action)}\`\n${SIMULATE_USAGE}`);
  }
  if (target !== undefined && (action === 'suspend' || action === 'resume' || action === 'shutdown')) throw new SimulateUsageError(`${action} takes no argument, got \`${target}\``);
  const defined = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
  const parsed = SimulateParamsSchema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SimulateUsageError(`${issue?.path.join('.') || action}: ${issue?.message ?? 'invalid'}\n${SIMULATE_USAGE}`);
  }
  return parsed.data;
}

/** Which simulate-only options were given, so other commands can refuse them. */
export function givenSimulateFlags(flags: SimulateFlags): string[] {
  return (Object.keys(SIMULATE_OPTIONS) as Array<keyof SimulateFlags>).filter((name) => flags[name] !== undefined).map((name) => `--${name}`);
}
