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
  queryService,
  startService,
  stopService,
  uninstallService,
  type ServiceDefinition,
} from '../../../src/platform/windows/service-control.js';
import { REQUIRED_PRIVILEGES } from '../../../src/platform/windows/service-settings.js';
import { SERVICE_CONTROL } from '../../../src/platform/windows/win32/constants.js';

const stub = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'stub-service.js');
const name = `TandemStub${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-scm-'));
const log = path.join(dir, 'service.log');

/** Settings Wine's SCM refuses or drops (docs/windows-facts.md, Wine gotcha 8); real Windows applies them all. */
const WINE_REFUSES = /^(failure actions|restart on non-crash failures|service SID|required privileges) not (applied|verified)/;

function definition(mode = ''): ServiceDefinition {
  return {
    name,
    displayName: 'Tandem stub service (test)',
    description: 'A stub service of the Tandem Windows suite.',
    executable: process.execPath,
    args: [stub, name, log, ...(mode ? [mode] : [])],
    delayedStart: false,
    preshutdownTimeoutMs: 20_000,
    requiredPrivileges: REQUIRED_PRIVILEGES,
  };
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
