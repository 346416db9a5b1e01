/**
 * electron-builder's configuration of the shipped MSI: the tray app (agent/, whose own
 * electron-builder.yml says what the app is made of) per machine, x64, with the service spliced
 * in by electron-builder-hook.ts. Built with (package.json: build:msi:electron):
 *
 *   electron-builder --projectDir agent --config ../installer/dist/src/electron-builder-config.js --win msi --x64
 *
 * after `npm run build` and the staging of the service (scripts/stage-install.mjs); a higher
 * version adds `-c.extraMetadata.version=x.y.z` (and stages with `--version x.y.z`). It writes
 * artifacts/msi/electron-builder/Tandem-<version>-x64.msi.
 *
 * The command line names the target: electron-builder concatenates arrays when it merges a
 * configuration into the one it extends, so a `win.target` here would add to the yml's `dir`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'electron-builder';
import { PRODUCT } from './product.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..', '..');
export const AGENT_DIR = path.join(REPO_ROOT, 'agent');
/** The tray app's own configuration: files, icon, asar, execution level. */
export const AGENT_CONFIG = path.join(AGENT_DIR, 'electron-builder.yml');
/** The compiled hook, by absolute path: electron-builder resolves a relative one from the working directory. */
export const HOOK_MODULE = path.join(HERE, 'electron-builder-hook.js');

/** The app's folder, relative to the repository root. */
export const BUILD_PROJECT_DIR = 'agent';
/** This file compiled, as electron-builder resolves `--config`: relative to the project folder. */
export const BUILD_CONFIG = '../installer/dist/src/electron-builder-config.js';
/** electron-builder's arguments that build the MSI from the repository root (package.json: build:msi:electron). */
export const BUILD_ARGS = ['--projectDir', BUILD_PROJECT_DIR, '--config', BUILD_CONFIG, '--win', 'msi', '--x64'] as const;

/**
 * The Electron the lock file installed: electron-builder looks for it in agent/node_modules only,
 * finds the `^45` range of agent/package.json instead, and refuses to guess.
 */
export function installedElectronVersion(): string {
  const manifest = createRequire(path.join(AGENT_DIR, 'package.json')).resolve('electron/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string') throw new Error(`${manifest} has no version`);
  return version;
}

export function msiConfiguration(): Configuration {
  return {
    extends: AGENT_CONFIG,
    // The same values as agent/electron-builder.yml (checked by a test); declared here too
    // because the MSI's identity derives from them: appId becomes the Start-menu shortcut's
    // System.AppUserModel.ID, which toasts need; executableName is the file the service launches.
    appId: PRODUCT.appUserModelId,
    productName: PRODUCT.name,
    executableName: path.win32.parse(PRODUCT.trayExecutable).name,
    directories: { output: '../artifacts/msi/electron-builder' },
    electronVersion: installedElectronVersion(),
    // koffi ships prebuilt N-API binaries: nothing to rebuild against Electron's headers.
    npmRebuild: false,
    msi: {
      perMachine: true,
      // Fixed forever: a new one would install a second product beside the first on upgrade.
      upgradeCode: PRODUCT.upgradeCode,
      createStartMenuShortcut: true,
      createDesktopShortcut: false,
      // The service launches the tray in every session; an MSI running as SYSTEM must not.
      runAfterFinish: false,
      artifactName: 'Tandem-${version}-x64.${ext}',
    },
    msiProjectCreated: HOOK_MODULE,
  };
}

export default msiConfiguration;
