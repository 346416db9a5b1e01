#!/usr/bin/env node
/**
 * The service binary. `console` runs Tandem in the foreground as the current user on any OS;
 * on Windows the SCM starts it with `run`, and `install`/`uninstall`/`start`/`stop`/`status`
 * manage the Windows service.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultRuntimeDir, describeError, installSafetyNet, isTandemError, PRODUCT_VERSION } from '@tandem/shared';
import { agentCommand, currentLayout, serviceProgram } from '../install-layout.js';
import { TandemService } from '../core/tandem-service.js';
import { createConsolePlatform } from '../platform/console/console-platform.js';
import { EXIT } from '../platform/console/console-host.js';

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

/**
 * An installer action's output. msiexec gives its custom actions no usable standard handles (a
 * deployment agent runs it without any); under Wine, Node then fails writing to them (seen as
 * EBADF). Output is for a person running the action by hand: it must never fail the action.
 */
function say(stream: 'stdout' | 'stderr', text: string): void {
  try {
    const out = process[stream];
    out.once('error', () => undefined);
    out.write(text);
  } catch {
    // No usable handle: the Event Log carries failures.
  }
}

/** The MSI's custom actions: they run as LocalSystem from the installed layout, output to the MSI's log. */
async function runInstallerAction(action: 'configure' | 'release-files' | 'remove-data', argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'grace-seconds': { type: 'string' }, 'product-version': { type: 'string' } }, strict: true });
  const graceSeconds = values['grace-seconds'] === undefined ? 30 : Number(values['grace-seconds']);
  if (!Number.isFinite(graceSeconds) || graceSeconds < 0 || graceSeconds > 600) throw new UsageError(`--grace-seconds expects a number of seconds from 0 to 600, got \`${values['grace-seconds'] ?? ''}\``);
  if ((values['grace-seconds'] !== undefined || values['product-version'] !== undefined) && action !== 'release-files') throw new UsageError('--grace-seconds and --product-version are options of release-files only');
  if (process.platform !== 'win32') throw new UsageError(`${action} is run by Tandem's Windows installer`);
  const layout = currentLayout();
  if (layout.kind !== 'installed') throw new UsageError(`${action} is for an installed Tandem (the MSI runs it); in a repository use: tandemctl service install`);
  const { DEFAULT_SERVICE_NAME } = await import('../platform/windows/index.js');
  try {
    if (action === 'configure') {
      const { configureInstalledService } = await import('../platform/windows/service-setup.js');
      const warnings = configureInstalledService(DEFAULT_SERVICE_NAME, serviceProgram(layout), agentCommand(layout));
      for (const warning of warnings) say('stdout', `warning: ${warning}\n`);
      say('stdout', `configured the ${DEFAULT_SERVICE_NAME} service (${layout.serviceDir})\n`);
    } else if (action === 'remove-data') {
      const { defaultDataDir } = await import('../platform/windows/data-dir.js');
      // rm does not follow junctions or links inside: it removes the link, never what it points at.
      rmSync(defaultDataDir(), { recursive: true, force: true, maxRetries: 5 });
      say('stdout', `removed ${defaultDataDir()}\n`);
    } else if (values['product-version'] !== undefined && values['product-version'] !== layout.manifest.version) {
      // The files are another version's: the product being removed is an older one whose files a
      // newer install already replaced (Wine removes the old product last, after the new one
      // started). They, and the service running from them, are not this removal's to release.
      say('stdout', `left ${layout.installDir} alone: it holds Tandem ${layout.manifest.version}, not the ${values['product-version']} being removed\n`);
    } else {
      const { releaseInstallFolder } = await import('../platform/windows/release-files.js');
      const report = await releaseInstallFolder(DEFAULT_SERVICE_NAME, layout.installDir, { graceMs: graceSeconds * 1000 });
      say('stdout', `released ${layout.installDir}: service ${report.stopped ? 'stopped' : 'was not running'}, ${report.exited.length} process(es) exited, ${report.ended.length} ended\n`);
    }
    return 0;
  } catch (error) {
    const message = `tandem-service ${action}: ${describeError(error)}`;
    say('stderr', `${message}\n`);
    // msiexec keeps no output of an EXE custom action: the Event Log is where an administrator looks.
    const { EVENT_ID, EventLog } = await import('../platform/windows/event-log.js');
    const eventLog = new EventLog(DEFAULT_SERVICE_NAME);
    eventLog.write('error', EVENT_ID.installerActionFailed, `${message}\n${(error as Error).stack ?? ''}`);
    eventLog.close();
    return isTandemError(error, 'E_FORBIDDEN') ? 4 : 1;
  }
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
    case 'remove-data':
      return runInstallerAction(command, rest);
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
