#!/usr/bin/env node
/**
 * tandemctl: the administrator's command line, over the admin endpoint. Human-readable output
 * by default, `--json` for scripts, and exit codes a script can branch on.
 */
import { parseArgs } from 'node:util';
import {
  defaultRuntimeDir,
  describeError,
  LOG_LEVELS,
  LogLevelSchema,
  NotificationLevelSchema,
  PRODUCT_VERSION,
  socketAddress,
  TandemError,
  type ConfigView,
  type Connector,
} from '@tandem/shared';
// pipe-names.ts is plain strings (no koffi), so console mode may import it.
import { ADMIN_PIPE_NAME } from '../platform/windows/pipe-names.js';
import { ACTIONS_OPTIONS, givenActionsFlags, planActions, planUserCall, type ActionsFlags } from './actions-command.js';
import { connectAdmin } from './admin-client.js';
import { sessionsTable, simulateText, statusText } from './format.js';
import { plan, UsageError, type PlannedCall } from './planned-call.js';
import { connectSession, sessionEndpointAddress } from './session-client.js';
import { givenSimulateFlags, SIMULATE_OPTIONS, simulateParams, SimulateUsageError, type SimulateFlags } from './simulate-args.js';

export const EXIT_CODES = { ok: 0, failed: 1, usage: 2, unavailable: 3, forbidden: 4, timeout: 5 } as const;

export const HELP = `tandemctl ${PRODUCT_VERSION} — administer the Tandem service

Usage: tandemctl [--json] [--address <addr>] [--timeout <ms>] <command> [arguments]
       tandemctl --endpoint <address|session> [--json] status | actions list | actions run <id>

Commands:
  status                         Version, uptime, configuration health, sessions and agents.
  sessions                       The user sessions the service tracks.
  agents restart [<session>]     Relaunch one session's agent, or all (clears quit / crash-loop).
  config get [<key>]             The configuration in force (or one key) and what policy enforces.
  config set <key> <value>       Change one key; <value> is JSON, or taken as a string if it is not.
  config reset [<key>]           Back to the default (one key, or everything).
  broadcast <title> [<body>] [--level info|warning|error]
                                 Show a message in every session's tray.
  diagnostics                    Write logs, configuration and status into a ZIP; prints its path.
  log-level <level>              Change the log level now (${LOG_LEVELS.join(', ')}); not persisted.
  actions list                   The tray actions defined (program, arguments, limits) and the runs in progress.
  actions run <id> [--session <id>] [--no-wait]
                                 Run an action in a session, as its user would from the tray (default
                                 session: the only one, else the active console session); waits for
                                 the end and exits 0 only if the action succeeded.
  actions history [--limit <n>]  The latest runs since the service started (the audit log has all).
  simulate <scenario> …          Drive a session simulator (tandem-service console --sessions N):
                                 logon, logoff, lock, unlock, connect, disconnect, switch,
                                 suspend, resume, shutdown (see tandemctl simulate --help).
  service install|uninstall|start|stop|status
                                 Windows: manage the Tandem service (see tandemctl service --help).

Examples:
  tandemctl status --json
  tandemctl config set agents.stopTimeoutMs 3000
  tandemctl config set tray.supportText "Call the help desk at 555-0100"
  tandemctl config set agents.eligibility '{"mode":"group","group":"vpn-users"}'
  tandemctl broadcast "Maintenance at 18:00" "Save your work." --level warning
  tandemctl config set tray.actions '[{"id":"sync","label":"Sync now","program":"/usr/local/bin/sync-now","runAs":"system"}]'
  tandemctl --endpoint 1 actions run sync

As a session's user (no administrator needed): --endpoint connects to that session's own endpoint,
the one its tray uses, and offers what the tray can do: status, actions list (id, label, description)
and actions run <id>, which waits for the end like the administrator's. <address> is the endpoint's
socket path or pipe name (a tray's $TANDEM_ENDPOINT); a session number finds it: console mode's
socket in the runtime directory, or on Windows the service's pipe of that session.

Options:
  --json             Print the result as JSON (for scripts).
  --address <addr>   The admin endpoint (default: $TANDEM_ADMIN_ADDRESS; on Windows the service's
                     admin pipe unless $TANDEM_RUNTIME_DIR names a console-mode service; else the
                     console socket in $TANDEM_RUNTIME_DIR, $XDG_RUNTIME_DIR/tandem or /tmp/tandem-<uid>).
                     An elevated tandemctl on Windows ignores any address but the service's pipes.
  --endpoint <addr>  A session's endpoint instead of the admin endpoint (see above).
  --timeout <ms>     How long to wait for an answer (default 10000; an action's run is waited for to its end).
  -h, --help         This help.   -v, --version   The version.

Exit codes: 0 done, 1 the service refused or failed the command, 2 usage error,
3 the service is not running or unreachable, 4 not allowed, 5 timed out.`;

export { UsageError };

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** How to reach the service at `address`; the Windows build verifies the pipe's server. */
  readonly connector?: (address: string) => Connector;
}

export function defaultAdminAddress(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.TANDEM_ADMIN_ADDRESS) return env.TANDEM_ADMIN_ADDRESS;
  if (platform === 'win32' && !env.TANDEM_RUNTIME_DIR) return ADMIN_PIPE_NAME;
  return socketAddress(defaultRuntimeDir(env), 'admin');
}

/** `3000` → 3000, `{"mode":"none"}` → object, `hello there` → the string itself. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function runTandemctl(argv: string[], io: CliIo): Promise<number> {
  // `service …` has options of its own; hand it everything after the verb.
  const serviceAt = argv.indexOf('service');
  if (serviceAt !== -1 && argv.slice(0, serviceAt).every((arg) => arg.startsWith('-'))) {
    const { runServiceCommand } = await import('./service-command.js');
    return runServiceCommand(argv.slice(serviceAt + 1), io);
  }
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      address: { type: 'string' },
      timeout: { type: 'string' },
      level: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
      endpoint: { type: 'string' },
      ...SIMULATE_OPTIONS,
      ...ACTIONS_OPTIONS,
    },
    allowPositionals: true,
    strict: true,
  });
  const print = (text: string): void => void io.stdout.write(`${text}\n`);
  if (values.version) {
    print(PRODUCT_VERSION);
    return EXIT_CODES.ok;
  }
  if (values.help && positionals[0] === 'simulate') {
    const { SIMULATE_USAGE } = await import('./simulate-args.js');
    print(SIMULATE_USAGE);
    return EXIT_CODES.ok;
  }
  if (values.help || positionals.length === 0 || positionals[0] === 'help') {
    print(HELP);
    return values.help || positionals[0] === 'help' ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new UsageError(`--timeout expects milliseconds, got \`${values.timeout}\``);
  if (values.endpoint !== undefined && values.address !== undefined) throw new UsageError('--address names the admin endpoint, --endpoint a session\'s: give one');
  const call = values.endpoint === undefined ? planCall(positionals, values.level, values) : planUserCall(positionals, values);
  const platformConnector = await import('../platform/connector.js');
  let address: string;
  if (values.endpoint === undefined) {
    // On Windows an elevated tandemctl ignores addresses that are not the service's own pipes (F7).
    const choice = await platformConnector.chooseAdminAddress(values.address ?? defaultAdminAddress(io.env));
    if (choice.ignored !== undefined) io.stderr.write(`tandemctl: ${choice.ignored}\n`);
    address = choice.address;
  } else {
    address = await sessionEndpointAddress(values.endpoint, { env: io.env });
  }
  // On Windows this connector verifies the pipe's server: the Tandem service, or (console mode) this user.
  const connector = io.connector?.(address) ?? platformConnector.createConnector(address);
  const client = call.role === 'admin' ? await connectAdmin({ address, timeoutMs, connector }) : await connectSession(connector, timeoutMs);
  try {
    const result = await call.run(client, timeoutMs, values.json);
    print(result.text);
    return result.ok ? EXIT_CODES.ok : EXIT_CODES.failed;
  } finally {
    client.close();
  }
}

function planCall(positionals: string[], level: string | undefined, flags: SimulateFlags & ActionsFlags): PlannedCall {
  const [command, ...args] = positionals;
  const simulateFlags = givenSimulateFlags(flags);
  if (command !== 'simulate' && simulateFlags.length > 0) throw new UsageError(`${simulateFlags.join(', ')}: only for tandemctl simulate`);
  const actionsFlags = givenActionsFlags(flags);
  if (command !== 'actions' && actionsFlags.length > 0) throw new UsageError(`${actionsFlags.join(', ')}: only for tandemctl actions`);
  const arity = (min: number, max: number, usage: string): void => {
    if (args.length < min || args.length > max) throw new UsageError(`usage: tandemctl ${usage}`);
  };
  switch (command) {
    case 'status':
      arity(0, 0, 'status');
      return plan('status', {}, statusText);
    case 'sessions':
      arity(0, 0, 'sessions');
      return plan('sessions.list', {}, (r) => sessionsTable(r.sessions));
    case 'agents': {
      if (args[0] !== 'restart') throw new UsageError('usage: tandemctl agents restart [<session>]');
      arity(1, 2, 'agents restart [<session>]');
      const sessionId = args[1] === undefined ? undefined : Number(args[1]);
      if (sessionId !== undefined && !Number.isInteger(sessionId)) throw new UsageError(`a session id is a whole number, got \`${args[1]}\``);
      return plan('agents.restart', sessionId === undefined ? {} : { sessionId }, (r) =>
        r.restarted.length ? `Restarted the agent in session ${r.restarted.join(', ')}.` : 'No agent to restart.',
      );
    }
    case 'config':
      return planConfig(args);
    case 'actions':
      return planActions(args, flags);
    case 'broadcast': {
      arity(1, 2, 'broadcast <title> [<body>] [--level info|warning|error]');
      const parsedLevel = NotificationLevelSchema.optional().safeParse(level);
      if (!parsedLevel.success) throw new UsageError(`--level is one of ${NotificationLevelSchema.options.join(', ')}, got \`${String(level)}\``);
      const params = { title: args[0] ?? '', body: args[1] ?? '', ...(parsedLevel.data === undefined ? {} : { level: parsedLevel.data }) };
      return plan('notify.broadcast', params, (r) =>
        `Delivered to ${r.delivered.length} session(s)${r.delivered.length ? ` (${r.delivered.join(', ')})` : ''}` +
        (r.fallback.length ? `; ${r.fallback.length} without an agent got the fallback (${r.fallback.join(', ')})` : '') +
        '.',
      );
    }
    case 'diagnostics':
      arity(0, 0, 'diagnostics');
      return plan('diagnostics.collect', {}, (r) => `Wrote ${r.path} (${r.bytes} bytes, ${r.files.length} files).`);
    case 'log-level':
      arity(1, 1, `log-level <${LOG_LEVELS.join('|')}>`);
      const parsed = LogLevelSchema.safeParse(args[0]);
      if (!parsed.success) throw new UsageError(`a log level is one of ${LOG_LEVELS.join(', ')}, got \`${String(args[0])}\``);
      return plan('log.setLevel', { level: parsed.data }, (r) =>
        `Log level ${r.previous} → ${r.level} (until the service restarts; persist with: tandemctl config set logging.level ${r.level}).`,
      );
    case 'simulate':
      try {
        return plan('simulate', simulateParams(args, flags), simulateText);
      } catch (error) {
        if (error instanceof SimulateUsageError) throw new UsageError(error.message);
        throw error;
      }
    default:
      throw new UsageError(`unknown command \`${String(command)}\``);
  }
}

function planConfig(args: string[]): PlannedCall {
  const [sub, key, value, ...extra] = args;
  const view = (r: ConfigView): string => renderConfig(r, key);
  switch (sub) {
    case 'get':
      if (value !== undefined) throw new UsageError('usage: tandemctl config get [<key>]');
      return plan('config.get', {}, view);
    case 'set':
      if (key === undefined || value === undefined || extra.length > 0) throw new UsageError('usage: tandemctl config set <key> <value>   (quote values with spaces)');
      return plan('config.set', { key, value: parseValue(value) }, view);
    case 'reset':
      if (value !== undefined) throw new UsageError('usage: tandemctl config reset [<key>]');
      return plan('config.reset', key === undefined ? {} : { key }, view);
    default:
      throw new UsageError('usage: tandemctl config get|set|reset …');
  }
}

function renderConfig(view: ConfigView, key: string | undefined): string {
  let value: unknown = view.config;
  for (const part of key?.split('.') ?? []) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  const lines = [key === undefined ? JSON.stringify(value, null, 2) : `${key} = ${JSON.stringify(value)}`];
  if (view.health.enforced.length) lines.push(`Enforced by machine policy: ${view.health.enforced.join(', ')}`);
  for (const problem of view.health.problems) lines.push(`Problem: ${problem}`);
  return lines.join('\n');
}

/** Maps a failure to the documented exit code, with one clear line on stderr. */
export function reportFailure(error: unknown, stderr: NodeJS.WritableStream): number {
  const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true;
  if (usage) {
    stderr.write(`tandemctl: ${(error as Error).message}\nRun 'tandemctl --help' for usage.\n`);
    return EXIT_CODES.usage;
  }
  stderr.write(`tandemctl: ${describeError(error)}\n`);
  if (!(error instanceof TandemError)) return EXIT_CODES.failed;
  switch (error.code) {
    case 'E_UNAVAILABLE':
    case 'E_CLOSED':
      stderr.write('Start it with `npm start` (console mode), or on Windows `tandemctl service start`; use --address if it listens elsewhere.\n');
      return EXIT_CODES.unavailable;
    case 'E_FORBIDDEN':
      return EXIT_CODES.forbidden;
    case 'E_TIMEOUT':
      return EXIT_CODES.timeout;
    default:
      return EXIT_CODES.failed;
  }
}
