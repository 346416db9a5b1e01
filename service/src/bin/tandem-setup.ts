#!/usr/bin/env node
/**
 * The MSI's custom actions, as their own small program (tandem-setup.mjs in the installed
 * layout): `configure`, `release-files` and `remove-data` (tandem-service --help says what each
 * does). Each runs as LocalSystem from the installed layout; a separate bundle without the
 * service's core starts faster, and every install and upgrade waits for it. `tandem-service
 * configure|release-files|remove-data` runs the same code.
 *
 * Exit codes: 0 done, 1 failed, 2 usage error, 4 refused (the installed code is not safe to run).
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeError, isTandemError } from '@tandem/shared/errors';
import { agentCommand, currentLayout, serviceProgram } from '../install-layout.js';

class InstallerUsageError extends Error {}

const ACTIONS = ['configure', 'release-files', 'remove-data'] as const;
type Action = (typeof ACTIONS)[number];

function isAction(value: string | undefined): value is Action {
  return (ACTIONS as readonly (string | undefined)[]).includes(value);
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
export async function runInstallerAction(action: Action, argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { 'grace-seconds': { type: 'string' }, 'product-version': { type: 'string' } }, strict: true });
  const graceSeconds = values['grace-seconds'] === undefined ? 30 : Number(values['grace-seconds']);
  if (!Number.isFinite(graceSeconds) || graceSeconds < 0 || graceSeconds > 600) throw new InstallerUsageError(`--grace-seconds expects a number of seconds from 0 to 600, got \`${values['grace-seconds'] ?? ''}\``);
  if ((values['grace-seconds'] !== undefined || values['product-version'] !== undefined) && action !== 'release-files') throw new InstallerUsageError('--grace-seconds and --product-version are options of release-files only');
  if (process.platform !== 'win32') throw new InstallerUsageError(`${action} is run by Tandem's Windows installer`);
  const layout = currentLayout();
  if (layout.kind !== 'installed') throw new InstallerUsageError(`${action} is for an installed Tandem (the MSI runs it); in a repository use: tandemctl service install`);
  const { DEFAULT_SERVICE_NAME } = await import('../platform/windows/service-name.js');
  try {
    if (action === 'configure') {
      const { configureInstalledService } = await import('../platform/windows/service-setup.js');
      const warnings = configureInstalledService(DEFAULT_SERVICE_NAME, serviceProgram(layout), agentCommand(layout));
      for (const warning of warnings) say('stdout', `warning: ${warning}\n`);
      say('stdout', `configured the ${DEFAULT_SERVICE_NAME} service (${layout.serviceDir})\n`);
    } else if (action === 'remove-data') {
      const { defaultDataDir } = await import('../platform/windows/data-dir.js');
      // rm does not follow junctions or links inside: it removes the link, never what it points at.
      const dataDir = defaultDataDir();
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
      say('stdout', `removed ${dataDir}\n`);
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


/** Run as a program (the bundle the MSI runs): the action is the first argument. */
export async function main(argv: readonly string[]): Promise<number> {
  const [action, ...rest] = argv;
  try {
    if (!isAction(action)) throw new InstallerUsageError(`expected ${ACTIONS.join(', ')}, got \`${action ?? ''}\``);
    return await runInstallerAction(action, rest);
  } catch (error) {
    const usage = error instanceof InstallerUsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true;
    say('stderr', `tandem-setup: ${describeError(error)}\n`);
    return usage ? 2 : 1;
  }
}
