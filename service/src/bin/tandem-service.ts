#!/usr/bin/env node
/**
 * The service binary. `console` runs Tandem in the foreground as the current user on any OS;
 * on Windows the SCM starts it with `run`, and `install`/`uninstall`/`start`/`stop`/`status`
 * manage the Windows service.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultRuntimeDir, describeError, installSafetyNet, PRODUCT_VERSION } from '@tandem/shared';
import { TandemService } from '../core/tandem-service.js';
import { createConsolePlatform } from '../platform/console/console-platform.js';
import { EXIT } from '../platform/console/console-host.js';
import { currentSession } from '../platform/console/current-session-source.js';

/** The tray action the banner suggests trying: harmless, and a program no other account can change. */
const DEMO_ACTION =
  process.platform === 'win32'
    ? { id: 'hello', label: 'Who am I', program: 'C:\\Windows\\System32\\whoami.exe' }
    : { id: 'hello', label: 'Say hello', program: '/bin/echo', args: ['Hello from a tray action'] };

const HELP = `tandem-service ${PRODUCT_VERSION} — the Tandem service

Usage:
  tandem-service console [options]   Run in the foreground as the current user (any OS).
  tandem-service run                 Windows: what the Service Control Manager starts. Run by
                                     hand, it says how to install the service instead.
  tandem-service install|uninstall|start|stop|status
                                     Windows: manage the service (as tandemctl service …).
  tandem-service configure           Windows, run by the MSI after it installs the service:
                                     check that only SYSTEM, Administrators and TrustedInstaller
                                     can change the installed code, then apply the service's
                                     failure actions, preshutdown time, SID type, privileges and
                                     environment. Exit 4 when the code is not safe to run.
  tandem-service release-files [--grace-seconds <s>] [--product-version <v>]
                                     Windows, run by the MSI before it removes or replaces files:
                                     stop the service, wait until no program of the install
                                     folder runs, ending those left after the grace (30 s).
                                     With --product-version, only when the installed files
                                     are that version's.
  tandem-service remove-data         Windows, run by the MSI when it uninstalls with REMOVEDATA=1:
                                     delete the data folder (%ProgramData%\\Tandem).
  tandem-service --help | --version

Console options:
  --data-dir <dir>      Configuration, audit log, logs and diagnostics.
                        Default: $TANDEM_DATA_DIR, else ~/.local/state/tandem
  --runtime-dir <dir>   Where the admin and agent sockets live (private, 0700).
                        Default: $TANDEM_RUNTIME_DIR, $XDG_RUNTIME_DIR/tandem, or /tmp/tandem-<uid>
  --sessions <n>        Be a session simulator with n users logged on (user1 at the
                        console, the others switched away; 0: nobody), each with its own
                        agent, instead of the one real login session. Drive it from
                        another terminal: tandemctl simulate logon|logoff|lock|unlock|
                        connect|disconnect|switch|suspend|resume|shutdown …
  --agent <script>      The agent to launch (default: the headless agent built in agent/).
  --quiet               Log to the file only, not to the terminal.

While it runs, from another terminal:
  npx tandemctl status          sessions, agents, configuration health
  npx tandemctl --help          everything else (config, broadcast, restart, diagnostics)
Stop with Ctrl+C (SIGTERM also works); SIGHUP reloads configuration and policy.

Exit codes: 0 stopped cleanly, 2 usage error, ${EXIT.startFailed} start failed, ${EXIT.stopFailed} stop failed, ${EXIT.forced} forced exit.`;

function defaultDataDir(): string {
  if (process.env.TANDEM_DATA_DIR) return path.resolve(process.env.TANDEM_DATA_DIR);
  const state = process.env.XDG_STATE_HOME ?? path.join(process.env.HOME ?? process.env.USERPROFILE ?? '.', '.local', 'state');
  return path.join(state, 'tandem');
}

async function runConsole(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      'runtime-dir': { type: 'string' },
      sessions: { type: 'string' },
      agent: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
  });
  let simulate: number | undefined;
  if (values.sessions !== undefined) {
    simulate = Number(values.sessions);
    if (!Number.isInteger(simulate) || simulate < 0 || simulate > 1000) throw new UsageError(`--sessions expects a whole number from 0 to 1000, got \`${values.sessions}\``);
  }
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const runtimeDir = path.resolve(values['runtime-dir'] ?? defaultRuntimeDir());
  let service: TandemService | undefined;
  const platform = createConsolePlatform({
    dataDir,
    runtimeDir,
    ...(simulate === undefined ? {} : { simulate }),
    ...(values.agent === undefined ? {} : { agent: { executable: process.execPath, args: [path.resolve(values.agent)] } }),
    onRunning: () => {
      const ready = service?.ready;
      if (ready === undefined) return;
      const env = values['runtime-dir'] === undefined ? '' : `TANDEM_RUNTIME_DIR=${runtimeDir} `;
      process.stdout.write(
        [
          '',
          `Tandem ${PRODUCT_VERSION} is running in console mode (pid ${process.pid}).`,
          `  data:  ${ready.dataDir}`,
          `  log:   ${ready.logFile}`,
          `  admin: ${ready.adminAddress}`,
          '',
          'From another terminal in this folder:',
          `  ${env}npx tandemctl status`,
          `  ${env}npx tandemctl broadcast "Hello" "from the admin"`,
          `  ${env}npx tandemctl config set tray.supportText "Call 555-0100"`,
          `  ${env}npx tandemctl config set tray.actions '${JSON.stringify([DEMO_ACTION])}'`,
          `  ${env}npx tandemctl --endpoint ${simulate === undefined ? currentSession().id : 1} actions run hello   (as the session's user, as its tray would)`,
          '',
          'Ctrl+C stops the service and its agents.',
          '',
        ].join('\n'),
      );
    },
  });
  service = new TandemService({ platform, prettyLogs: !values.quiet });
  const running = service;
  installSafetyNet({ exitCode: EXIT.fatal, record: (error, origin) => running.recordFatal(error, origin) });
  return platform.host.run(service);
}

class UsageError extends Error {}

/** Windows: the SCM started us. The exit code is the service's; the dispatcher has returned. */
async function runUnderScm(argv: string[]): Promise<number> {
  if (argv.length > 0) throw new UsageError(`run takes no arguments, got \`${argv.join(' ')}\``);
  if (process.platform !== 'win32') throw new UsageError('run is for the Windows Service Control Manager; on this OS use: tandem-service console');
  // Loaded only here, so console mode never loads koffi.
  const { createWindowsPlatform } = await import('../platform/windows/index.js');
  const { SERVICE_EXIT } = await import('../platform/windows/scm-host.js');
  const platform = createWindowsPlatform();
  const service = new TandemService({ platform, prettyLogs: false });
  installSafetyNet({ exitCode: SERVICE_EXIT.fatal, record: (error, origin) => service.recordFatal(error, origin) });
  return platform.host.run(service);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'console':
      return runConsole(rest);
    case 'run':
      return runUnderScm(rest);
    case 'configure':
    case 'release-files':
    case 'remove-data': {
      const setup = await import('./tandem-setup.js');
      return setup.main(argv);
    }
    case 'install':
    case 'uninstall':
    case 'start':
    case 'stop':
    case 'status': {
      const { runServiceCommand } = await import('../cli/service-command.js');
      return runServiceCommand(argv, { stdout: process.stdout, stderr: process.stderr });
    }
    case '--version':
    case '-v':
      process.stdout.write(`${PRODUCT_VERSION}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${HELP}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command \`${command}\``);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Everything is closed by now; should a stray handle keep the loop alive, do not hang.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true;
    process.stderr.write(`tandem-service: ${describeError(error)}\n${usage ? "Run 'tandem-service --help' for usage.\n" : ''}`);
    process.exitCode = usage ? 2 : 1;
  },
);
