#!/usr/bin/env node
// Makes sure a Chromium for the browser tests is installed, and prints its path.
// Usage: node scripts/ensure-chromium.mjs        (prints e.g. /usr/bin/chromium)
//
// The tests drive Debian's `chromium` package through playwright-core; Playwright's own browser
// download cannot work on machines that reach only the npm registry and Debian's packages. So:
//   - CHROMIUM_PATH, when set, names the browser to use;
//   - else /usr/bin/chromium, when present;
//   - else, as root, `apt-get install -y chromium` (with one `apt-get update` first);
//   - else a clear error saying what to install.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const DEFAULT_PATH = '/usr/bin/chromium';

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(command, args) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error !== undefined) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${output}`);
  }
}

function ensureChromium() {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen !== undefined && chosen !== '') {
    if (!executable(chosen)) throw new Error(`CHROMIUM_PATH is ${chosen}, which is not an executable file`);
    return chosen;
  }
  if (executable(DEFAULT_PATH)) return DEFAULT_PATH;
  if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(
      `The browser tests need Chromium and ${DEFAULT_PATH} is missing. ` +
        'Install it (on Debian or Ubuntu: sudo apt-get install -y chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  process.stderr.write('ensure-chromium: installing Debian package chromium (apt-get)…\n');
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium']);
  if (!executable(DEFAULT_PATH)) throw new Error(`apt-get installed chromium, but ${DEFAULT_PATH} is still missing`);
  return DEFAULT_PATH;
}

try {
  process.stdout.write(`${ensureChromium()}\n`);
} catch (error) {
  process.stderr.write(`ensure-chromium: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
