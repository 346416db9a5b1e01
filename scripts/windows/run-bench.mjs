#!/usr/bin/env node
// npm run bench:windows — runs bench/dist/src/windows.bench.js with the Windows node.exe under
// Wine (natively on Windows), in a fresh prefix, and prints its report. Its last line is
// exactly `windows start_ratio=<x> pipe_rtt_ratio=<y>`; the exit code is non-zero when the
// benchmark fails or that line is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createPrefix, ensureKoffiForWindows, ensureNodeExe, ensureWine, ROOT, runNodeExe, winPath } from './wine-env.mjs';

const BENCH = path.join(ROOT, 'bench', 'dist', 'src', 'windows.bench.js');
const ARTIFACTS = path.join(ROOT, 'artifacts', 'windows-bench');
const LAST_LINE = /^windows start_ratio=\d+(\.\d+)? pipe_rtt_ratio=\d+(\.\d+)?$/;

async function main() {
  if (!existsSync(BENCH)) {
    console.error(`${path.relative(ROOT, BENCH)} is missing; did \`npm run build\` run?`);
    return 1;
  }
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const stdoutFile = path.join(ARTIFACTS, 'bench.stdout.txt');
  const stderrFile = path.join(ARTIFACTS, 'bench.stderr.txt');
  let code;
  if (process.platform === 'win32') {
    code = spawnSync(process.execPath, [BENCH], { cwd: ROOT, stdio: 'inherit', timeout: 9 * 60_000 }).status ?? 1;
    return code;
  }
  ensureWine();
  const nodeExe = ensureNodeExe();
  ensureKoffiForWindows();
  const wine = createPrefix(nodeExe, 'bench');
  try {
    code = await runNodeExe(wine, nodeExe, [winPath(BENCH)], { stdoutFile, stderrFile, timeoutMs: 9 * 60_000 });
  } finally {
    wine.close();
  }
  const out = readFileSync(stdoutFile, 'utf8').trimEnd();
  const err = readFileSync(stderrFile, 'utf8').trim();
  if (err) process.stderr.write(`${err}\n`);
  process.stdout.write(`${out}\n`);
  const last = out.split('\n').at(-1) ?? '';
  return code === 0 && LAST_LINE.test(last) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`bench:windows: ${error.message}`);
    process.exitCode = 1;
  },
);
