#!/usr/bin/env node
// npm run bench:windows — bench/dist/src/windows.bench.js with the Windows node.exe under Wine
// (natively on Windows), in a fresh prefix. Last line exactly `windows start_ratio=<x> pipe_rtt_ratio=<y>`.
// npm run bench:installer — bench/dist/src/installer.bench.js under Wine, after building its MSIs
// here with wixl: Tandem's (this version and the next) and a baseline's (node.exe, koffi and a
// minimal koffi service). Last line exactly `installer install_ratio=<x> upgrade_ratio=<y> msi_mb=<z>`.
// Prints the benchmark's report; the exit code is non-zero when it fails or its last line is missing.
// Usage: node scripts/windows/run-bench.mjs [windows|installer]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createPrefix, ensureKoffiForWindows, ensureNodeExe, ensureWine, NODE_VERSION, ROOT, runNodeExe, winPath } from './wine-env.mjs';

const BENCHES = {
  windows: { file: 'windows.bench.js', lastLine: /^windows start_ratio=\d+(\.\d+)? pipe_rtt_ratio=\d+(\.\d+)?$/ },
  installer: { file: 'installer.bench.js', lastLine: /^installer install_ratio=\d+(\.\d+)? upgrade_ratio=\d+(\.\d+)? msi_mb=\d+(\.\d+)?$/ },
};

/** The baseline MSI of `version`: node.exe, koffi.node and the minimal service, bundled, in the installed layout. */
async function buildBaselineMsi(dir, version) {
  const { bundleProgram } = await import('../bundles.mjs');
  const stage = path.join(dir, `baseline-stage-${version}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(path.join(stage, 'service'), { recursive: true });
  copyFileSync(ensureNodeExe(), path.join(stage, 'service', 'node.exe'));
  copyFileSync(ensureKoffiForWindows(), path.join(stage, 'service', 'koffi.node'));
  await bundleProgram({ entry: path.join(ROOT, 'bench', 'dist', 'src', 'minimal-service-main.js'), outfile: path.join(stage, 'service', 'minimal-service.mjs') });
  writeFileSync(path.join(stage, 'service', 'install.json'), JSON.stringify({ product: 'tandem-baseline', version, node: NODE_VERSION }));
  const wix = path.join(ROOT, 'bench', 'wix');
  const msi = path.join(dir, `TandemBaseline-${version}.msi`);
  const result = spawnSync('wixl', ['-a', 'x64', '-D', `Version=${version}`, '-D', `Stage=${path.relative(wix, stage)}`, '-o', msi, 'baseline.wxs'], { cwd: wix, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wixl failed for the baseline: ${result.stderr}`);
  return msi;
}

/** What installer.bench.js reads: the four MSIs and their versions. */
async function installerInputs() {
  const { buildUpgradePair, MSI_DIR } = await import('../build-msi.mjs');
  const dir = path.join(MSI_DIR, 'bench');
  const { version, next, current, upgrade } = await buildUpgradePair(dir);
  return {
    TANDEM_BENCH_MSI: winPath(current.msi),
    TANDEM_BENCH_MSI_UPGRADE: winPath(upgrade.msi),
    TANDEM_BENCH_VERSION: version,
    TANDEM_BENCH_UPGRADE_VERSION: next,
    TANDEM_BENCH_MSI_BYTES: String(statSync(current.msi).size),
    TANDEM_BENCH_BASELINE_MSI: winPath(await buildBaselineMsi(dir, '1.0.0')),
    TANDEM_BENCH_BASELINE_MSI_UPGRADE: winPath(await buildBaselineMsi(dir, '1.0.1')),
  };
}

async function main() {
  const name = process.argv[2] ?? 'windows';
  const bench = BENCHES[name];
  if (bench === undefined) {
    console.error(`unknown benchmark \`${name}\`; expected ${Object.keys(BENCHES).join(' or ')}`);
    return 2;
  }
  const file = path.join(ROOT, 'bench', 'dist', 'src', bench.file);
  if (!existsSync(file)) {
    console.error(`${path.relative(ROOT, file)} is missing; did \`npm run build\` run?`);
    return 1;
  }
  if (process.platform === 'win32') {
    if (name === 'installer') {
      console.error('bench:installer builds its MSIs with wixl and runs under Wine; run it on Linux');
      return 1;
    }
    return spawnSync(process.execPath, [file], { cwd: ROOT, stdio: 'inherit', timeout: 9 * 60_000 }).status ?? 1;
  }
  const artifacts = path.join(ROOT, 'artifacts', `${name}-bench`);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const stdoutFile = path.join(artifacts, 'bench.stdout.txt');
  const stderrFile = path.join(artifacts, 'bench.stderr.txt');
  ensureWine();
  const nodeExe = ensureNodeExe();
  ensureKoffiForWindows();
  const env = name === 'installer' ? await installerInputs() : {};
  const wine = createPrefix(nodeExe, `${name}-bench`);
  let code;
  try {
    code = await runNodeExe(wine, nodeExe, [winPath(file)], { stdoutFile, stderrFile, env, timeoutMs: 9 * 60_000 });
  } finally {
    wine.close();
  }
  const out = readFileSync(stdoutFile, 'utf8').trimEnd();
  const err = readFileSync(stderrFile, 'utf8').trim();
  if (err) process.stderr.write(`${err}\n`);
  process.stdout.write(`${out}\n`);
  const last = out.split('\n').at(-1) ?? '';
  return code === 0 && bench.lastLine.test(last) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`bench: ${error.message}`);
    process.exitCode = 1;
  },
);
