import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { MsiOptions } from 'electron-builder';
import { AGENT_CONFIG, AGENT_DIR, BUILD_ARGS, HOOK_MODULE, installedElectronVersion, msiConfiguration } from '../src/electron-builder-config.js';
import { PRODUCT } from '../src/product.js';

const config = msiConfiguration();
const agentYml = readFileSync(AGENT_CONFIG, 'utf8');

/** The top-level keys of agent/electron-builder.yml and their one-line values. */
function agentTopLevel(): Map<string, string> {
  return new Map([...agentYml.matchAll(/^([A-Za-z]\w*):[ \t]*(.*)$/gm)].map((match) => [match[1] ?? '', (match[2] ?? '').trim()]));
}

describe('the MSI configuration of electron-builder', () => {
  it('extends the tray app’s own configuration', () => {
    assert.equal(config.extends, AGENT_CONFIG);
    assert.ok(existsSync(AGENT_CONFIG));
  });

  it('builds per machine with the fixed upgrade code, a Start-menu shortcut only, and no launch after install', () => {
    const msi: MsiOptions | null | undefined = config.msi;
    assert.equal(msi?.perMachine, true);
    assert.equal(msi?.upgradeCode, PRODUCT.upgradeCode);
    assert.equal(msi?.createStartMenuShortcut, true);
    assert.equal(msi?.createDesktopShortcut, false);
    assert.equal(msi?.runAfterFinish, false);
  });

  it('gives the tray the identity the service and Windows expect', () => {
    assert.equal(config.appId, PRODUCT.appUserModelId);
    assert.equal(config.productName, PRODUCT.name);
    assert.equal(`${config.executableName}.exe`, PRODUCT.trayExecutable);
  });

  it('gives the Start-menu shortcut the AUMID and toast activator the tray sets at run time', () => {
    const identity = readFileSync(path.join(AGENT_DIR, 'src', 'electron', 'app-identity.ts'), 'utf8');
    assert.ok(identity.includes(`APP_USER_MODEL_ID = '${PRODUCT.appUserModelId}'`), 'agent/src/electron/app-identity.ts has another APP_USER_MODEL_ID');
    assert.ok(identity.includes(`TOAST_ACTIVATOR_CLSID = '${PRODUCT.toastActivatorClsid}'`), 'agent/src/electron/app-identity.ts has another TOAST_ACTIVATOR_CLSID');
  });

  it('agrees with the app’s configuration on the app’s identity', () => {
    const agent = agentTopLevel();
    for (const key of ['appId', 'productName', 'executableName'] as const) {
      assert.equal(agent.get(key), config[key], `${key} differs from agent/electron-builder.yml`);
    }
  });

  it('ships the service only through the hook, never as extraResources or extraFiles', () => {
    assert.equal(config.extraResources, undefined);
    assert.equal(config.extraFiles, undefined);
    assert.doesNotMatch(agentYml, /^(extraResources|extraFiles):/m);
  });

  it('names the compiled hook by absolute path, and it exports msiProjectCreated', async () => {
    assert.equal(config.msiProjectCreated, HOOK_MODULE);
    assert.ok(path.isAbsolute(HOOK_MODULE));
    const hook: unknown = await import(HOOK_MODULE);
    assert.equal(typeof (hook as { msiProjectCreated?: unknown }).msiProjectCreated, 'function');
  });

  it('builds with the Electron the lock file installed, without rebuilding koffi', () => {
    const installed = JSON.parse(readFileSync(path.join(AGENT_DIR, '..', 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
    assert.equal(installedElectronVersion(), installed.version);
    assert.equal(config.electronVersion, installed.version);
    assert.equal(config.npmRebuild, false);
  });

  it('is what npm run build:msi:electron builds', () => {
    const scripts = (JSON.parse(readFileSync(path.join(AGENT_DIR, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts['build:msi:electron'], `electron-builder ${BUILD_ARGS.join(' ')}`);
    const configFromProject = BUILD_ARGS[BUILD_ARGS.indexOf('--config') + 1] ?? '';
    assert.equal(path.resolve(AGENT_DIR, configFromProject), HOOK_MODULE.replace('electron-builder-hook.js', 'electron-builder-config.js'));
  });
});
