import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AGENT_ROOT, PRELOAD_PATH } from '../../src/electron/agent-paths.js';
import { APP_USER_MODEL_ID, PRODUCT_NAME } from '../../src/electron/app-identity.js';
import { appIconPath } from '../../src/electron/icon-paths.js';

const config = readFileSync(path.join(AGENT_ROOT, 'electron-builder.yml'), 'utf8');

/** A top-level `key: value` of the YAML file (the file keeps those on one line each). */
function scalar(key: string): string | undefined {
  return new RegExp(`^${key}:\\s*(\\S.*)$`, 'm').exec(config)?.[1]?.trim();
}

/** The entries of the top-level `files:` list. */
function files(): string[] {
  const block = /^files:\n((?:\s+- .*\n)+)/m.exec(config)?.[1] ?? '';
  return block.split('\n').flatMap((line) => /^\s+- (.+)$/.exec(line)?.[1] ?? []);
}

describe('electron-builder configuration', () => {
  it('uses the AppUserModelID the app sets, so toasts reach the Start menu shortcut', () => {
    assert.equal(scalar('appId'), APP_USER_MODEL_ID);
    assert.equal(scalar('productName'), PRODUCT_NAME);
  });

  it('embeds the multi-size application .ico the window uses', () => {
    const icon = /^\s+icon:\s*(\S+)$/m.exec(config)?.[1];
    assert.equal(icon, 'assets/icon.ico');
    assert.equal(path.join(AGENT_ROOT, icon), appIconPath('win32'));
    assert.ok(existsSync(path.join(AGENT_ROOT, icon)));
  });

  it('packs every file the app loads at run time', () => {
    const listed = files();
    for (const needed of ['package.json', 'src/renderer/index.html', 'src/renderer/styles.css', 'assets/icons/*.png', 'assets/icons/*.ico', 'assets/icon.ico', 'dist/src/renderer/**/*.js', 'dist/src/electron/**/*.js']) {
      assert.ok(listed.includes(needed), `files: lacks ${needed}`);
    }
    assert.ok(listed.includes(path.relative(AGENT_ROOT, PRELOAD_PATH).split(path.sep).join('/')));
  });

  it('builds for Windows x64, unelevated', () => {
    assert.match(config, /^win:\n(?:.*\n)*?\s+- target: dir\n\s+arch: \[x64\]/m);
    assert.match(config, /^\s+requestedExecutionLevel: asInvoker$/m);
  });
});
