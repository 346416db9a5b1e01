#!/usr/bin/env node
// npm run test:windows — the Windows suite (every compiled `*.win.test.js`).
// On Windows it runs natively with this Node. Elsewhere it runs under Wine with the official
// Windows node.exe (see wine-env.mjs), in a fresh prefix that is deleted afterwards.
// Prints the tests' report, then a last line exactly `N passed, N failed`; exits non-zero on failure.
// Files ending in `.real.win.test.js` check what only real Windows enforces or stores (denied
// access, file DACLs); they run natively on Windows and are left out under Wine, and the runner says so.
// Usage: node scripts/windows/run-suite.mjs [substring ...]   (only files whose path contains one)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { createPrefix, ensureKoffiForWindows, ensureNodeExe, ensureWine, ROOT, runNodeExe, winPath } from './wine-env.mjs';

const PACKAGES = ['shared', 'service', 'agent', 'test'];
const ARTIFACTS = path.join(ROOT, 'artifacts', 'windows');
// Generous per test (SCM starts and process launches under Wine are slow on 2 cores), and the
// whole run stays inside the 10-minute budget.
const TEST_TIMEOUT_MS = 180_000;
const RUN_TIMEOUT_MS = 9 * 60_000;

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

const REAL_WINDOWS_ONLY = '.real.win.test.js';

function suiteFiles(filters) {
  return PACKAGES.flatMap((pkg) => [...walk(path.join(ROOT, pkg, 'dist', 'test'))])
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

async function main() {
  const all = suiteFiles(process.argv.slice(2));
  const files = process.platform === 'win32' ? all : all.filter((file) => !file.endsWith(REAL_WINDOWS_ONLY));
  const realOnly = all.length - files.length;
  if (realOnly > 0) console.log(`${realOnly} file(s) of real-Windows-only tests left out under Wine (they run in .github/workflows/windows.yml)`);
  if (files.length === 0) {
    console.error('no *.win.test.js files found; did `npm run build` run?');
    return 1;
  }
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const specFile = path.join(ARTIFACTS, 'suite.spec.txt');
  const tapFile = path.join(ARTIFACTS, 'suite.tap');
  let code;
  if (process.platform === 'win32') {
    code = spawnSync(process.execPath, nodeTestArgs(files, (f) => f, specFile, tapFile), { cwd: ROOT, stdio: 'inherit', timeout: RUN_TIMEOUT_MS }).status ?? 1;
  } else {
    ensureWine();
    const nodeExe = ensureNodeExe();
    ensureKoffiForWindows();
    const wine = createPrefix(nodeExe, 'suite');
    try {
      code = await runNodeExe(wine, nodeExe, nodeTestArgs(files, winPath, specFile, tapFile), {
        stdoutFile: path.join(ARTIFACTS, 'node.stdout.txt'),
        stderrFile: path.join(ARTIFACTS, 'node.stderr.txt'),
        env: { TANDEM_TEST_ARTIFACTS: winPath(ARTIFACTS) },
        timeoutMs: RUN_TIMEOUT_MS,
      });
    } finally {
      wine.close();
    }
  }
  const read = (file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  // Under Wine the launcher can return before the last of node.exe's report reaches the file
  // (seen on a fresh clone: 36 passed in the file, no totals when first read); give it a moment.
  let result = counts(read(tapFile));
  for (let waited = 0; result === null && waited < 15_000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    result = counts(read(tapFile));
  }
  const spec = read(specFile);
  process.stdout.write(spec);
  if (process.platform !== 'win32') {
    const stderr = read(path.join(ARTIFACTS, 'node.stderr.txt')).trim();
    if (stderr) process.stdout.write(`\n--- node.exe stderr ---\n${stderr}\n`);
  }
  if (result === null) {
    process.stdout.write(`\nthe test runner exited with ${code} before reporting totals\n0 passed, 1 failed\n`);
    return 1;
  }
  process.stdout.write(`\n${result.passed} passed, ${result.failed} failed\n`);
  return result.failed === 0 && code === 0 ? 0 : 1;
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
