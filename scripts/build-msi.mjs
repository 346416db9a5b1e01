#!/usr/bin/env node
// npm run build:msi — Tandem's MSI built here with wixl (Debian's msitools), from the same
// service fragment electron-builder's WiX compiles on Windows (installer/wix/tandem-service.wxs),
// around a small product file (installer/wix/product-wixl.wxs). It carries the headless agent
// where the shipped MSI carries the Electron tray, whose binary cannot be fetched here.
//
// Usage: node scripts/build-msi.mjs [--version x.y.z] [--out file.msi]   (after npm run build)
// Writes artifacts/msi/Tandem-<version>-x64.msi by default.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT } from './bundles.mjs';
import { productVersion, stageInstall } from './stage-install.mjs';

const WIX = path.join(ROOT, 'installer', 'wix');
export const MSI_DIR = path.join(ROOT, 'artifacts', 'msi');

/** The fixed upgrade code, from installer/src/product.ts (compiled), so both builds share it. */
async function upgradeCode() {
  const { PRODUCT } = await import(path.join(ROOT, 'installer', 'dist', 'src', 'product.js'));
  return PRODUCT.upgradeCode;
}

function ensureWixl() {
  if (spawnSync('sh', ['-c', 'command -v wixl'], { stdio: 'ignore' }).status === 0) return;
  console.error('build:msi: wixl is missing; installing it with apt-get (Debian package wixl)');
  const sudo = typeof process.getuid === 'function' && process.getuid() !== 0 ? ['sudo', '-n'] : [];
  for (const args of [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'wixl']]) {
    const full = [...sudo, ...args];
    const result = spawnSync(full[0], full.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) throw new Error(`cannot install wixl: \`${full.join(' ')}\` failed; install it yourself (Debian/Ubuntu: apt-get install -y wixl)`);
  }
}

/**
 * Builds one MSI of `version` (default: the product's) into `out`; its stage lives beside it.
 * Returns the MSI's path and size.
 */
export async function buildMsi({ version = productVersion(), out = path.join(MSI_DIR, `Tandem-${version}-x64.msi`), log = console.log } = {}) {
  ensureWixl();
  const stage = path.join(path.dirname(out), `stage-${version}`);
  log(`build:msi: staging Tandem ${version} (service, tandemctl, headless agent, node.exe, koffi) in ${path.relative(ROOT, stage)}`);
  await stageInstall({ out: stage, version });
  mkdirSync(path.dirname(out), { recursive: true });
  rmSync(out, { force: true });
  log(`build:msi: compiling with wixl (the Electron tray is not in this MSI: its binary cannot be fetched here; the service launches the headless agent)`);
  // wixl wants source paths relative to its working directory (absolute ones fail an assertion).
  const result = spawnSync(
    'wixl',
    ['-a', 'x64', '-D', `Version=${version}`, '-D', `UpgradeCode=${await upgradeCode()}`, '-D', `TandemStage=${path.relative(WIX, stage)}`, '-o', out, 'product-wixl.wxs', 'tandem-service.wxs'],
    { cwd: WIX, encoding: 'utf8' },
  );
  // wixl warns that <Package Platform> is not one of its properties; its -a x64 says the same.
  const noise = /has no property named 'Platform'|^\s*$/;
  const output = `${result.stdout}${result.stderr}`.split('\n').filter((line) => !noise.test(line)).join('\n');
  if (result.status !== 0) throw new Error(`wixl failed (exit ${result.status ?? result.signal}):\n${output}`);
  if (output.trim() !== '') log(output);
  const bytes = statSync(out).size;
  log(`build:msi: wrote ${path.relative(ROOT, out)} (${(bytes / 1024 / 1024).toFixed(1)} MB)`);
  return { msi: out, bytes, stage };
}

/** This version's MSI and the next patch version's (to upgrade to), built into `dir`. */
export async function buildUpgradePair(dir, { log = console.log } = {}) {
  const version = productVersion();
  const [major, minor, patch] = version.split('.').map(Number);
  const next = `${major}.${minor}.${patch + 1}`;
  const current = await buildMsi({ version, out: path.join(dir, `Tandem-${version}-x64.msi`), log });
  const upgrade = await buildMsi({ version: next, out: path.join(dir, `Tandem-${next}-x64.msi`), log });
  return { version, next, current, upgrade };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { version: { type: 'string' }, out: { type: 'string' } } });
  try {
    await buildMsi({ ...(values.version === undefined ? {} : { version: values.version }), ...(values.out === undefined ? {} : { out: path.resolve(values.out) }) });
  } catch (error) {
    console.error(`build:msi: ${error.message}`);
    process.exitCode = 1;
  }
}
