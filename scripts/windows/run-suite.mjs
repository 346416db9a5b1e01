#!/usr/bin/env node
// npm run test:windows — the Windows suite (every compiled `*.win.test.js` of shared, service,
// agent and test), then the installer suite (installer's `*.win.test.js`: the MSI's life cycle).
// npm run test:installer — the installer suite alone.
//
// On Windows the Windows suite runs natively with this Node. Elsewhere each suite runs under Wine
// with the official Windows node.exe (see wine-env.mjs), in a fresh prefix deleted afterwards.
// The installer suite builds its MSIs with wixl first (scripts/build-msi.mjs) and runs under Wine
// only: on Windows, .github/workflows/windows.yml installs the electron-builder MSI instead.
// Files ending in `.real.win.test.js` check what only real Windows enforces or stores (denied
// access, file DACLs); they run natively on Windows and are left out under Wine, which is said.
//
// Prints each report, then a last line exactly `N passed, N failed` over both; exits non-zero on failure.
// Usage: node scripts/windows/run-suite.mjs [--installer-only] [substring ...]   (only files whose path contains one)
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { createPrefix, ensureKoffiForWindows, ensureNodeExe, ensureWine, ROOT, runNodeExe, winPath } from './wine-env.mjs';

const SUITE_PACKAGES = ['shared', 'service', 'agent', 'test'];
const INSTALLER_PACKAGES = ['installer'];
// Generous per test (SCM starts, process launches and msiexec under Wine are slow on 2 cores),
// and each run stays inside the 10-minute budget.
const TEST_TIMEOUT_MS = 180_000;
const RUN_TIMEOUT_MS = 9 * 60_000;
const REAL_WINDOWS_ONLY = '.real.win.test.js';

function* walk(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (name.endsWith('.win.test.js')) yield full;
  }
}

function testFiles(packages, filters) {
  return packages
    .flatMap((pkg) => [...walk(path.join(ROOT, pkg, 'dist', 'test'))])
    .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
    .sort();
}

function counts(tap) {
  const pass = /^# pass (\d+)$/m.exec(tap);
  const fail = /^# fail (\d+)$/m.exec(tap);
  return pass && fail ? { passed: Number(pass[1]), failed: Number(fail[1]) } : null;
}

function nodeTestArgs(files, toPath, specFile, tapFile) {
  return [
    '--test',
    '--test-concurrency=1',
    `--test-timeout=${TEST_TIMEOUT_MS}`,
    '--test-reporter=spec',
    `--test-reporter-destination=${toPath(specFile)}`,
    '--test-reporter=tap',
    `--test-reporter-destination=${toPath(tapFile)}`,
    ...files.map(toPath),
  ];
}

function read(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Runs `files` with Node's test runner (natively on Windows, else node.exe under Wine in a fresh
 * prefix), prints the report, and returns its totals: a runner that reported none counts as one failure.
 */
async function runTests(name, files, { env = {}, artifacts }) {
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const specFile = path.join(artifacts, 'suite.spec.txt');
  const tapFile = path.join(artifacts, 'suite.tap');
  let code;
  if (process.platform === 'win32') {
    // Natively too: tests keep what a failure needs there (the service's log), and the workflow uploads it.
    const nativeEnv = { ...process.env, TANDEM_TEST_ARTIFACTS: artifacts, ...env };
    code = spawnSync(process.execPath, nodeTestArgs(files, (f) => f, specFile, tapFile), { cwd: ROOT, stdio: 'inherit', timeout: RUN_TIMEOUT_MS, env: nativeEnv }).status ?? 1;
  } else {
    const nodeExe = ensureNodeExe();
    const wine = createPrefix(nodeExe, name);
    try {
      code = await runNodeExe(wine, nodeExe, nodeTestArgs(files, winPath, specFile, tapFile), {
        stdoutFile: path.join(artifacts, 'node.stdout.txt'),
        stderrFile: path.join(artifacts, 'node.stderr.txt'),
        env: { TANDEM_TEST_ARTIFACTS: winPath(artifacts), ...env },
        timeoutMs: RUN_TIMEOUT_MS,
      });
    } finally {
      wine.close();
    }
  }
  // Under Wine the launcher can return before the last of node.exe's report reaches the file
  // (seen on a fresh clone: 36 passed in the file, no totals when first read); give it a moment.
  let result = counts(read(tapFile));
  for (let waited = 0; result === null && waited < 15_000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    result = counts(read(tapFile));
  }
  process.stdout.write(read(specFile));
  if (process.platform !== 'win32') {
    const stderr = read(path.join(artifacts, 'node.stderr.txt')).trim();
    if (stderr) process.stdout.write(`\n--- node.exe stderr (${name}) ---\n${stderr}\n`);
  }
  if (result === null) {
    process.stdout.write(`\nthe ${name} test runner exited with ${code} before reporting totals\n`);
    return { passed: 0, failed: 1 };
  }
  process.stdout.write(`\n${name}: ${result.passed} passed, ${result.failed} failed\n\n`);
  return { passed: result.passed, failed: result.failed + (code === 0 || result.failed > 0 ? 0 : 1) };
}

/** The Windows suite's input: the installed layout, staged here (the scenario test installs it). */
async function suiteInputs() {
  const { stageInstall } = await import('../stage-install.mjs');
  const { out } = await stageInstall({ out: path.join(ROOT, 'artifacts', 'windows-stage') });
  return { TANDEM_TEST_STAGE: process.platform === 'win32' ? out : winPath(out) };
}

/**
 * The installer suite's inputs, built here with wixl: this version's MSI, a higher version's to
 * upgrade to, and the staged layout copied with every file and folder writable by everyone (the
 * layout `service install` must refuse: chmod o+w is what Wine shows as Everyone: write).
 */
async function installerInputs() {
  const { buildUpgradePair, MSI_DIR } = await import('../build-msi.mjs');
  const dir = path.join(MSI_DIR, 'installer-suite');
  const { version, next: higher, current, upgrade } = await buildUpgradePair(dir);
  const writable = path.join(dir, 'writable-layout');
  rmSync(writable, { recursive: true, force: true });
  cpSync(current.stage, writable, { recursive: true });
  const openUp = (at) => {
    chmodSync(at, 0o777);
    if (statSync(at).isDirectory()) for (const name of readdirSync(at)) openUp(path.join(at, name));
  };
  openUp(writable);
  return { TANDEM_TEST_MSI: winPath(current.msi), TANDEM_TEST_MSI_UPGRADE: winPath(upgrade.msi), TANDEM_TEST_VERSION: version, TANDEM_TEST_UPGRADE_VERSION: higher, TANDEM_TEST_WRITABLE_LAYOUT: winPath(writable) };
}

async function main() {
  const args = process.argv.slice(2);
  const installerOnly = args.includes('--installer-only');
  const filters = args.filter((arg) => arg !== '--installer-only');
  const totals = { passed: 0, failed: 0 };
  const add = ({ passed, failed }) => {
    totals.passed += passed;
    totals.failed += failed;
  };
  if (process.platform !== 'win32') {
    ensureWine();
    ensureKoffiForWindows();
  }
  if (!installerOnly) {
    const all = testFiles(SUITE_PACKAGES, filters);
    const files = process.platform === 'win32' ? all : all.filter((file) => !file.endsWith(REAL_WINDOWS_ONLY));
    const realOnly = all.length - files.length;
    if (realOnly > 0) console.log(`${realOnly} file(s) of real-Windows-only tests left out under Wine (they run in .github/workflows/windows.yml)`);
    if (files.length > 0) add(await runTests('windows', files, { env: await suiteInputs(), artifacts: path.join(ROOT, 'artifacts', 'windows') }));
    else if (filters.length === 0) {
      console.error('no *.win.test.js files found; did `npm run build` run?');
      add({ passed: 0, failed: 1 });
    }
  }
  const installerFiles = testFiles(INSTALLER_PACKAGES, filters);
  if (installerFiles.length > 0) {
    if (process.platform === 'win32') {
      console.log('the installer suite builds its MSIs with wixl and runs under Wine; on Windows, the msi job of .github/workflows/windows.yml installs the electron-builder MSI');
    } else {
      add(await runTests('installer', installerFiles, { env: await installerInputs(), artifacts: path.join(ROOT, 'artifacts', 'installer') }));
    }
  } else if (installerOnly) {
    console.error('no installer *.win.test.js files found; did `npm run build` run?');
    add({ passed: 0, failed: 1 });
  }
  if (totals.passed + totals.failed === 0) {
    console.error(`no test file matches ${filters.join(', ')}`);
    add({ passed: 0, failed: 1 });
  }
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
  return totals.failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`test:windows: ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
