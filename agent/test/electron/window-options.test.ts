import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PRELOAD_PATH } from '../../src/electron/agent-paths.js';
import { appIconPath } from '../../src/electron/icon-paths.js';
import { statusWindowOptions } from '../../src/electron/window-options.js';

describe('status window options', () => {
  const options = statusWindowOptions(PRELOAD_PATH, { devTools: false, icon: appIconPath('win32') });
  const web = options.webPreferences ?? {};

  it('isolates the page: context isolation, sandbox, no Node anywhere', () => {
    assert.equal(web.contextIsolation, true);
    assert.equal(web.sandbox, true);
    assert.equal(web.nodeIntegration, false);
    assert.equal(web.nodeIntegrationInWorker, false);
    assert.equal(web.nodeIntegrationInSubFrames, false);
  });

  it('keeps the web security defaults and turns off what the page does not need', () => {
    assert.equal(web.webSecurity, true);
    assert.equal(web.allowRunningInsecureContent, false);
    assert.equal(web.experimentalFeatures, false);
    assert.equal(web.webviewTag, false);
    assert.equal(web.navigateOnDragDrop, false);
    assert.equal(web.devTools, false);
    assert.equal(statusWindowOptions(PRELOAD_PATH, { devTools: true, icon: appIconPath('win32') }).webPreferences?.devTools, true);
  });

  it('loads the compiled CommonJS preload by absolute path', () => {
    assert.equal(web.preload, PRELOAD_PATH);
    assert.ok(path.isAbsolute(PRELOAD_PATH));
    assert.ok(PRELOAD_PATH.endsWith(`${path.sep}preload.cjs`));
    assert.ok(existsSync(PRELOAD_PATH), `${PRELOAD_PATH} is built`);
  });

  it('opens no window until it is ready to show', () => {
    assert.equal(options.show, false);
  });

  it('shows the app icon, not a default one', () => {
    assert.equal(options.icon, appIconPath('win32'));
    assert.ok(existsSync(appIconPath('win32')));
  });
});
