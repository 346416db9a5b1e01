/**
 * Tandem's MSI for real, the way IT installs it: `msiexec /i … /qn /l*v`, then an upgrade, a
 * repair, an uninstall that keeps the data, a refused downgrade, one that removes the data, an install
 * whose service cannot start (rolled back), and an install from a writable folder (refused).
 * Each step is checked through the SCM, the registry, the file system and the installed
 * tandemctl. Run by `npm run test:installer` (and so by test:windows and CI) under Wine, with the
 * MSIs scripts/windows/run-suite.mjs builds with wixl; the TANDEM_TEST_* variables name them.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Status } from '@tandem/shared';
import { defaultDataDir } from '@tandem/service/platform/windows/data-dir';
import { eventSourceKey } from '@tandem/service/platform/windows/event-log';
import { isRunning, processesIn } from '@tandem/service/platform/windows/processes';
import { queryService, uninstallService } from '@tandem/service/platform/windows/service-control';
import { openMachineKey } from '@tandem/service/platform/windows/win32/registry';
import { PRODUCT } from '../src/product.js';
import { installedProducts, relatedProducts } from './support/msi-products.js';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: run this file through npm run test:installer`);
  return value;
}

const MSI = required('TANDEM_TEST_MSI');
const UPGRADE_MSI = required('TANDEM_TEST_MSI_UPGRADE');
const VERSION = required('TANDEM_TEST_VERSION');
const UPGRADE_VERSION = required('TANDEM_TEST_UPGRADE_VERSION');
const WRITABLE_LAYOUT = required('TANDEM_TEST_WRITABLE_LAYOUT');
const ARTIFACTS = process.env.TANDEM_TEST_ARTIFACTS;

const PROGRAM_FILES = process.env.ProgramW6432 ?? process.env.ProgramFiles ?? 'C:\\Program Files';
const INSTALL_DIR = path.win32.join(PROGRAM_FILES, 'Tandem');
const SERVICE_DIR = path.win32.join(INSTALL_DIR, 'service');
const DATA_DIR = defaultDataDir();

let logs = 0;

/** msiexec quietly with a verbose log (kept with the test artifacts); its exit code and log. */
function msiexec(what: string, ...args: string[]): { code: number; log: string } {
  const log = path.win32.join(ARTIFACTS ?? process.env.TEMP ?? '.', `msiexec-${String(++logs).padStart(2, '0')}-${what}.log`);
  // No standard handles, as when a deployment agent runs it: the log file is msiexec's output.
  const run = spawnSync('msiexec', [...args, '/qn', '/norestart', '/l*v', log], { stdio: 'ignore', timeout: 170_000, windowsHide: true });
  assert.equal(run.error, undefined, `msiexec ${what} could not run: ${String(run.error)}`);
  return { code: run.status ?? -1, log: existsSync(log) ? readFileSync(log).toString(readFileSync(log)[1] === 0 ? 'utf16le' : 'utf8') : '' };
}

/** The installed tandemctl (tandemctl.cmd in the install folder), as an administrator runs it. */
function tandemctl(...args: string[]): { code: number; out: string; err: string } {
  const quoted = args.map((arg) => (/[\s"]/.test(arg) ? `"${arg.replaceAll('"', '\\"')}"` : arg));
  const command = `"${path.win32.join(INSTALL_DIR, 'tandemctl.cmd')}" ${quoted.join(' ')}`;
  const start = () => spawnSync(command, { shell: true, encoding: 'utf8', timeout: 60_000, windowsHide: true });
  const first = start();
  // cmd.exe itself failing to start (seen once under Wine: no status, no output, in 22 ms) is not
  // tandemctl's answer: start it once more. A timeout, a crash or any exit code is the answer.
  const retried = first.error !== undefined && (first.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT';
  const run = retried ? start() : first;
  const notes = [
    ...(retried ? [`the first start failed: ${first.error?.message}`] : []),
    ...(run.error === undefined ? [] : [`spawn: ${run.error.message}`]),
    ...(run.signal === null ? [] : [`signal ${run.signal}`]),
  ];
  const why = notes.length === 0 ? '' : `\n(${notes.join('; ')})`;
  return { code: run.status ?? -1, out: run.stdout ?? '', err: `${run.stderr ?? ''}${why}` };
}

function status(): Status {
  const run = tandemctl('--json', 'status');
  assert.equal(run.code, 0, `tandemctl status: ${run.err}`);
  return JSON.parse(run.out) as Status;
}

/** Polls until `probe` returns a value (not undefined), or fails after `seconds`. */
async function until<T>(what: string, probe: () => T | undefined, seconds = 60): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(200);
  }
  assert.fail(`timed out waiting for ${what}${last === undefined ? '' : ` (last error: ${String(last)})`}`);
}

/** The running service's status once exactly one agent runs and has completed its handshake. */
async function connected(version: string): Promise<Status> {
  return until(`Tandem ${version} with one connected agent`, () => {
    const now = status();
    return now.version === version && now.agents.length === 1 && now.agents[0]?.connected === true ? now : undefined;
  });
}

function installedFiles(): string[] {
  const list = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? list(path.win32.join(dir, entry.name)) : [path.win32.join(dir, entry.name)]));
  return existsSync(INSTALL_DIR) ? list(INSTALL_DIR) : [];
}

function eventSourceRegistered(): boolean {
  const key = openMachineKey(eventSourceKey('Tandem'));
  key?.close();
  return key !== undefined;
}

/** The versions of every installed product named Tandem. */
function productVersions(): string[] {
  return installedProducts()
    .filter((product) => product.name === PRODUCT.name)
    .map((product) => product.version);
}

/** The versions registered under Tandem's upgrade code: what a later install's FindRelatedProducts finds. */
function relatedVersions(): string[] {
  return relatedProducts(PRODUCT.upgradeCode).map((product) => product.version);
}

after(async () => {
  // Whatever a failed step left: the next run starts from a clean prefix anyway, but not on a developer's machine.
  await uninstallService('Tandem').catch(() => undefined);
});

test('a silent install registers the service (automatic, LocalSystem, quoted path under Program Files), starts it, and an agent connects', async () => {
  const { code } = msiexec('install', '/i', MSI);
  assert.equal(code, 0);
  const service = queryService('Tandem');
  assert.equal(service?.state, 'running');
  assert.equal(service?.startType, 'automatic');
  assert.equal(service?.account, 'LocalSystem');
  assert.equal(service?.binaryPath, `"${path.win32.join(SERVICE_DIR, 'node.exe')}" "${path.win32.join(SERVICE_DIR, 'tandem-service.mjs')}" run`);
  assert.ok(eventSourceRegistered(), 'the Event Log source is registered');
  const now = await connected(VERSION);
  assert.equal(now.platform, 'windows');
  assert.equal(now.pid, service?.pid);
  // The connection the agent's own process opened (the pipe's client pid is the launched agent's).
  assert.match(now.agents[0]?.client ?? 'none', /^tandem-agent\//);
  assert.deepEqual(productVersions(), [VERSION]);
  assert.deepEqual(relatedVersions(), [VERSION]);
});

test('the installed tandemctl sets configuration over the admin pipe', () => {
  const set = tandemctl('config', 'set', 'tray.supportText', 'Call 555-0100');
  assert.equal(set.code, 0, set.err);
  assert.equal(tandemctl('config', 'get', 'tray.supportText').out.trim(), 'tray.supportText = "Call 555-0100"');
});

test('installing a higher version upgrades in place: one product, the new version running, configuration kept, one agent', async () => {
  const { code } = msiexec('upgrade', '/i', UPGRADE_MSI);
  assert.equal(code, 0);
  assert.deepEqual(productVersions(), [UPGRADE_VERSION]);
  const now = await connected(UPGRADE_VERSION);
  assert.equal(now.agents.length, 1);
  assert.equal(tandemctl('config', 'get', 'tray.supportText').out.trim(), 'tray.supportText = "Call 555-0100"');
  assert.equal(queryService('Tandem')?.state, 'running');
});

test('repair puts back a deleted file and leaves the service running with its agent', async () => {
  const launcher = path.win32.join(INSTALL_DIR, 'tandemctl.cmd');
  rmSync(launcher);
  const { code, log } = msiexec('repair', '/i', UPGRADE_MSI, 'REINSTALL=ALL', 'REINSTALLMODE=amus');
  assert.equal(code, 0);
  assert.ok(existsSync(launcher), 'tandemctl.cmd is back');
  // The release step ran before files were replaced, and the service is back.
  assert.match(log, /TandemReleaseFiles/);
  await connected(UPGRADE_VERSION);
});

test('the release step waits for programs of the install folder, and ends those still running after its grace', async () => {
  const node = path.win32.join(SERVICE_DIR, 'node.exe');
  // A program of the install folder that does not end with the service (a tandemctl left open, say).
  spawn(node, ['-e', 'setTimeout(() => {}, 600000)'], { detached: true, stdio: 'ignore', windowsHide: true }).unref();
  const pids = await until('the lingering node.exe to run', () => {
    const found = processesIn(INSTALL_DIR);
    return found.length >= 2 ? found : undefined; // the service and the lingering one
  });
  const release = spawnSync(node, [path.win32.join(SERVICE_DIR, 'tandem-service.mjs'), 'release-files', '--grace-seconds', '1'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(release.status, 0, release.stderr);
  assert.match(release.stdout, /service stopped, \d+ process\(es\) exited, [1-9]\d* ended/);
  for (const pid of pids) assert.equal(isRunning(pid), false, `process ${pid} still runs`);
  assert.deepEqual(processesIn(INSTALL_DIR), []);
  assert.equal(queryService('Tandem')?.state, 'stopped');
});

test('uninstall removes the service, its Event Log source and every installed file, and keeps the data', () => {
  const { code } = msiexec('uninstall', '/x', UPGRADE_MSI);
  assert.equal(code, 0);
  assert.equal(queryService('Tandem'), null);
  assert.equal(eventSourceRegistered(), false);
  assert.deepEqual(installedFiles(), []);
  assert.equal(existsSync(INSTALL_DIR), false);
  assert.deepEqual(productVersions(), []);
  assert.match(readFileSync(path.win32.join(DATA_DIR, 'config.json'), 'utf8'), /Call 555-0100/);
});

test('installing again finds the kept configuration; a lower version is then refused; uninstalling with REMOVEDATA=1 removes the data too', async () => {
  // A fresh install of the higher version (under Wine an upgrade loses the upgrade-code
  // registration that FindRelatedProducts reads, as Wine removes the old product last).
  assert.equal(msiexec('reinstall', '/i', UPGRADE_MSI).code, 0);
  await connected(UPGRADE_VERSION);
  assert.equal(tandemctl('config', 'get', 'tray.supportText').out.trim(), 'tray.supportText = "Call 555-0100"');
  assert.deepEqual(relatedVersions(), [UPGRADE_VERSION]);
  const downgrade = msiexec('downgrade', '/i', MSI);
  assert.equal(downgrade.code, 1603);
  assert.deepEqual(productVersions(), [UPGRADE_VERSION]);
  await connected(UPGRADE_VERSION);
  assert.equal(msiexec('uninstall-removedata', '/x', UPGRADE_MSI, 'REMOVEDATA=1').code, 0);
  assert.equal(queryService('Tandem'), null);
  assert.deepEqual(installedFiles(), []);
  assert.deepEqual(productVersions(), []);
  assert.equal(existsSync(DATA_DIR), false);
});

test('an install whose service cannot start rolls back: no service, no files', () => {
  // A file where the data folder goes: the service fails to start, so StartServices fails.
  writeFileSync(DATA_DIR, 'not a folder');
  try {
    const { code } = msiexec('rollback', '/i', MSI);
    // 1603 on Windows; Wine's msiexec reports its rolled-back install as 1627.
    assert.ok(code === 1603 || code === 1627, `exit ${code}`);
    assert.equal(queryService('Tandem'), null);
    assert.deepEqual(installedFiles(), []);
    assert.deepEqual(productVersions(), []);
  } finally {
    rmSync(DATA_DIR, { force: true });
  }
});

test('service install from a folder anyone can write is refused, naming the path and the account (F1)', () => {
  const run = spawnSync(path.win32.join(WRITABLE_LAYOUT, 'service', 'node.exe'), [path.win32.join(WRITABLE_LAYOUT, 'service', 'tandem-service.mjs'), 'install'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 4, `${String(run.error ?? '')} ${run.stderr}`);
  assert.match(run.stderr, /refusing to install the Tandem service/);
  assert.match(run.stderr, new RegExp(`${WRITABLE_LAYOUT.replaceAll('\\', '\\\\')}\\\\service\\\\node\\.exe: .*Everyone`, 'i'));
  assert.equal(queryService('Tandem'), null);
});
