/**
 * `tandemctl service install|uninstall|start|stop|status` (and the same through the service
 * binary): the Windows service's life cycle through the SCM. Every verb is idempotent, and
 * every failure says what to do. Exit codes follow tandemctl's.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeError, isTandemError } from '@tandem/shared';
import { agentCommand, currentLayout, serviceBundle, serviceProgram } from '../install-layout.js';

export const SERVICE_HELP = `tandemctl service — install and control the Tandem Windows service

Usage: tandemctl service <verb> [options]

Verbs:
  install [--delayed-start] [--start]
                  Install Tandem as a service: LocalSystem, automatic start (a little after
                  boot with --delayed-start), restart after 1 s, 5 s, 30 s on failure, Event Log
                  source. Installing again updates the configuration. Refused when anyone
                  but SYSTEM, Administrators or TrustedInstaller can change the files the
                  service would run (install Tandem with its MSI instead).
  uninstall       Stop the service (its agents stop with it) and remove it.
  start           Start the service and wait until it runs.
  stop            Stop the service and wait until it has stopped.
  status [--json] Whether it is installed and running, its pid and configuration.

Options:
  --name <name>   The service name (default Tandem).

Installing, uninstalling, starting and stopping need an elevated (Run as administrator) prompt.
Exit codes: 0 done, 1 failed, 2 usage error, 3 not installed or not running, 4 not allowed
(not elevated), 5 timed out.`;

const EXIT = { ok: 0, failed: 1, usage: 2, unavailable: 3, forbidden: 4, timeout: 5 } as const;

export interface ServiceCommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export interface ServiceCommandOptions {
  /** The program the SCM runs, and its arguments: default this Node and `tandem-service.js run`. */
  readonly serviceCommand?: { readonly executable: string; readonly args: readonly string[] };
  readonly platform?: NodeJS.Platform;
}

/**
 * What the SCM runs: the single-file bundle when it was built (it starts several times faster
 * under the SCM's start-up clock), else the compiled binary.
 */
export function defaultServiceCommand(): { executable: string; args: string[] } {
  const program = serviceProgram();
  return { executable: program.executable, args: [...program.args, 'run'] };
}

export async function runServiceCommand(argv: readonly string[], io: ServiceCommandIo, options: ServiceCommandOptions = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        name: { type: 'string', default: 'Tandem' },
        'delayed-start': { type: 'boolean', default: false },
        start: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr.write(`tandemctl service: ${(error as Error).message}\nRun 'tandemctl service --help' for usage.\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const verb = positionals[0];
  if (values.help || verb === undefined || verb === 'help') {
    io.stdout.write(`${SERVICE_HELP}\n`);
    return values.help || verb === 'help' ? EXIT.ok : EXIT.usage;
  }
  if (!['install', 'uninstall', 'start', 'stop', 'status'].includes(verb) || positionals.length > 1) {
    io.stderr.write(`tandemctl service: unknown verb \`${positionals.join(' ')}\`; expected install, uninstall, start, stop or status\n`);
    return EXIT.usage;
  }
  if ((options.platform ?? process.platform) !== 'win32') {
    io.stderr.write('tandemctl service: the Tandem service exists only on Windows. Elsewhere run Tandem in console mode: tandem-service console\n');
    return EXIT.unavailable;
  }
  // Loaded here so that merely importing this module never loads koffi.
  const control = await import('../platform/windows/service-control.js');
  const name = values.name;
  const print = (line: string): void => void io.stdout.write(`${line}\n`);
  try {
    switch (verb) {
      case 'install': {
        const { registerEventSource } = await import('../platform/windows/event-log.js');
        const setup = await import('../platform/windows/service-setup.js');
        const command = options.serviceCommand ?? defaultServiceCommand();
        if (options.serviceCommand === undefined && currentLayout().kind === 'repository' && !existsSync(serviceBundle())) {
          io.stderr.write(`warning: ${serviceBundle()} is missing (it is built by \`npm run build\`); registering the compiled binary instead, which starts several times slower under the SCM\n`);
        }
        // Before the service exists: it must never run code an unprivileged account can change.
        setup.assertServiceCodeTrusted(command, agentCommand(), `install the ${name} service`);
        const result = await control.installService({
          name,
          displayName: name === 'Tandem' ? 'Tandem' : `Tandem (${name})`,
          executable: command.executable,
          args: command.args,
          ...setup.tandemServiceSettings(values['delayed-start']),
        });
        setup.writeServiceEnvironment(name);
        registerEventSource(name);
        for (const warning of result.warnings) io.stderr.write(`warning: ${warning}\n`);
        print(result.created ? `Installed the ${name} service (LocalSystem, automatic start).` : `${name} is already installed; its configuration was updated.`);
        if (values.start) {
          const report = await control.startService(name);
          print(`${name} is running (pid ${report.pid ?? '?'}).`);
        } else if (result.created) {
          print('Start it with: tandemctl service start');
        }
        return EXIT.ok;
      }
      case 'uninstall': {
        const { unregisterEventSource } = await import('../platform/windows/event-log.js');
        const result = await control.uninstallService(name);
        unregisterEventSource(name);
        for (const warning of result.warnings) io.stderr.write(`warning: ${warning}\n`);
        print(result.removed ? `Stopped and removed the ${name} service.` : `${name} is not installed; nothing to remove.`);
        return EXIT.ok;
      }
      case 'start': {
        const report = await control.startService(name);
        print(`${name} is running (pid ${report.pid ?? '?'}).`);
        return EXIT.ok;
      }
      case 'stop': {
        await control.stopService(name);
        print(`${name} is stopped.`);
        return EXIT.ok;
      }
      default: {
        const report = control.queryService(name);
        if (values.json) print(JSON.stringify({ name, installed: report !== null, ...report }));
        else if (report === null) print(`${name} is not installed. Install it with: tandemctl service install`);
        else {
          print(`${name}: ${report.state}${report.pid === null ? '' : ` (pid ${report.pid})`}, ${report.startType} start, as ${report.account ?? '?'}`);
          print(`  command: ${report.binaryPath ?? '?'}`);
          if (report.state === 'stopped' && report.win32ExitCode !== 0) {
            print(`  last exit: ${report.win32ExitCode === 1066 ? `service-specific code ${report.serviceExitCode}` : `Win32 error ${report.win32ExitCode}`} (see the Event Log)`);
          }
        }
        return report === null ? EXIT.unavailable : report.state === 'running' ? EXIT.ok : EXIT.unavailable;
      }
    }
  } catch (error) {
    io.stderr.write(`tandemctl service ${verb}: ${describeError(error)}\n`);
    if (isTandemError(error, 'E_FORBIDDEN')) return EXIT.forbidden;
    if (isTandemError(error, 'E_TIMEOUT')) return EXIT.timeout;
    if (isTandemError(error, 'E_NOT_FOUND') || isTandemError(error, 'E_UNAVAILABLE')) return EXIT.unavailable;
    return EXIT.failed;
  }
}
