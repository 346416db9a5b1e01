import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isTandemError } from '@tandem/shared';
import {
  controlService,
  installService,
  openScm,
  openService,
  queryService,
  startService,
  stopService,
  uninstallService,
  type ServiceDefinition,
} from '../../../src/platform/windows/service-control.js';
import { REQUIRED_PRIVILEGES, storedFailureActionCount } from '../../../src/platform/windows/service-settings.js';
import { SC_MANAGER, SERVICE_ACCESS, SERVICE_CONTROL } from '../../../src/platform/windows/win32/constants.js';
import { isWine } from '../../../src/platform/windows/win32/wine.js';

const stub = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'stub-service.js');
const name = `TandemStub${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-scm-'));
const log = path.join(dir, 'service.log');

/** Settings Wine's SCM refuses (docs/windows-facts.md, Wine gotcha 8); real Windows applies them all. */
const WINE_REFUSES = /^(service SID|required privileges) not applied/;

function definition(mode = '', serviceName = name): ServiceDefinition {
  return {
    name: serviceName,
    displayName: `Tandem stub service (test ${serviceName})`,
    description: 'A stub service of the Tandem Windows suite.',
    executable: process.execPath,
    args: [stub, name, log, ...(mode ? [mode] : [])],
    delayedStart: false,
    preshutdownTimeoutMs: 20_000,
    requiredPrivileges: REQUIRED_PRIVILEGES,
    // The stub fails to start on purpose: restarts queued 1 s, 5 s and 30 s later would race the
    // tests after it, and keep the service from being deleted (REAL-WINDOWS-REVIEW #8).
    restartOnFailure: false,
  };
}

/** How many failure actions the SCM holds for the service (null: it cannot say, as Wine). */
function failureActionCount(serviceName: string): number | null {
  const scm = openScm(SC_MANAGER.CONNECT);
  try {
    const service = openService(scm, serviceName, SERVICE_ACCESS.QUERY_CONFIG);
    assert.ok(service !== undefined, `${serviceName} is installed`);
    try {
      return storedFailureActionCount(service);
    } finally {
      service.close();
    }
  } finally {
    scm.close();
  }
}

function logLines(): string[] {
  try {
    return readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
  } catch {
    return [];
  }
}

async function waitForLine(pattern: RegExp): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const line = logLines().find((l) => pattern.test(l));
    if (line !== undefined) return line;
    await sleep(50);
  }
  assert.fail(`the service log never showed ${pattern}; it has: ${logLines().join(' | ')}`);
}

after(async () => {
  await uninstallService(name).catch(() => undefined);
});

test('install creates the service as LocalSystem, automatic, with a quoted command line', async () => {
  const result = await installService(definition());
  assert.equal(result.created, true);
  for (const warning of result.warnings) assert.match(warning, WINE_REFUSES);
  const report = queryService(name);
  assert.ok(report !== null);
  assert.equal(report.state, 'stopped');
  assert.equal(report.startType, 'automatic');
  assert.equal(report.account?.toLowerCase(), 'localsystem');
  assert.ok(report.binaryPath?.startsWith(`"${process.execPath}" `), report.binaryPath ?? '');
});

test('installing again reports the service already there and reconfigures it', async () => {
  const result = await installService(definition());
  assert.equal(result.created, false);
});

test('the SCM starts it: START_PENDING with checkpoints, then RUNNING; PARAMCHANGE reloads; INTERROGATE answers', async () => {
  const report = await startService(name);
  assert.equal(report.state, 'running');
  assert.ok(report.pid !== null);
  assert.match(await waitForLine(/^start /), new RegExp(`^start pid=${report.pid}$`));
  // Told once RUNNING is reported, so it lists the sessions again (no SESSIONCHANGE while starting).
  await waitForLine(/^running$/);
  assert.ok(logLines().indexOf('running') > logLines().findIndex((line) => line.startsWith('start ')));
  controlService(name, SERVICE_CONTROL.PARAMCHANGE);
  await waitForLine(/^reload$/);
  controlService(name, SERVICE_CONTROL.INTERROGATE);
  assert.equal(queryService(name)?.state, 'running');
});

test('STOP is reported outside the handler, the dispatcher returns and the process exits 0', async () => {
  const report = await stopService(name);
  assert.equal(report.state, 'stopped');
  assert.equal(report.win32ExitCode, 0);
  await waitForLine(/^exit 0$/);
  assert.ok(logLines().includes('stop stop'));
});

test('a failed start stops the service with a service-specific exit code', async () => {
  await installService(definition('fail-start'));
  await assert.rejects(startService(name), (error: unknown) => isTandemError(error, 'E_UNAVAILABLE') && /service-specific exit code 3/.test(error.message));
  const report = queryService(name);
  assert.equal(report?.state, 'stopped');
  assert.equal(report?.win32ExitCode, 1066);
  assert.equal(report?.serviceExitCode, 3);
});

test('a service installed without restarts has no failure actions, so nothing starts the failed stub again', async () => {
  const result = await installService(definition('fail-start'));
  // Had restarts been asked for, Wine would warn that it cannot report them back; Windows would.
  assert.deepEqual(result.warnings.filter((warning) => /failure/.test(warning)), []);
  assert.equal(failureActionCount(name), isWine() ? null : 0);
});

test('an empty required-privileges list is not written: an empty multi-string needs two NULs (REAL-WINDOWS #7)', async () => {
  const unrestricted = `${name}Full`;
  try {
    // Written, the level would be refused by Wine (124) and rejected or misread by Windows.
    const empty = await installService({ ...definition('', unrestricted), requiredPrivileges: [] });
    assert.deepEqual(empty.warnings.filter((warning) => /privileges/.test(warning)), []);
    // A real list is written: Wine's refusal shows it was (Windows applies it).
    const listed = await installService(definition('', unrestricted));
    assert.equal(listed.warnings.some((warning) => /^required privileges not applied/.test(warning)), isWine());
  } finally {
    await uninstallService(unrestricted);
  }
});

test('the binary started outside the SCM says what to do instead', () => {
  const result = spawnSync(process.execPath, [stub, name, log], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /not started by the Windows service control manager \(StartServiceCtrlDispatcherW failed: 1063 ERROR_FAILED_SERVICE_CONTROLLER_CONNECT\)/);
  assert.match(result.stderr, /tandemctl service install/);
  assert.match(result.stderr, /tandem-service console/);
});

test('uninstall removes it; uninstalling again finds nothing to remove', async () => {
  assert.deepEqual(await uninstallService(name), { removed: true, warnings: [] });
  assert.equal(queryService(name), null);
  assert.equal((await uninstallService(name)).removed, false);
  await assert.rejects(startService(name), (error: unknown) => isTandemError(error, 'E_NOT_FOUND'));
});
