#!/usr/bin/env node
// Runs every compiled test file with Node's built-in runner, so CI reads one summary.
// Usage: node scripts/run-tests.mjs [substring ...]   (only files whose path contains one)
// Files ending in .win.test.js belong to the Windows suite (npm run test:windows) and are left out.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['shared', 'service', 'agent', 'installer', 'test', 'bench'];
const filters = process.argv.slice(2);

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (name.endsWith('.test.js') && !name.endsWith('.win.test.js')) yield full;
  }
}

const files = packages
  .flatMap((pkg) => [...walk(path.join(root, pkg, 'dist', 'test'))])
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

if (files.length === 0) {
  console.error(`no test files found${filters.length ? ` matching ${filters.join(', ')}` : ''}; did the build run?`);
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  // A hung test must fail CI with a name, not stall it: no single test may take 2 minutes.
  ['--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=120000', ...files.map((f) => path.relative(root, f))],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
