import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sessionUserDataPath } from '../../src/electron/instance-scope.js';

describe('instance scope', () => {
  it('gives each session its own userData, so the single-instance lock is per session', () => {
    const appData = path.join('C:', 'Users', 'alice', 'AppData', 'Roaming');
    const console = sessionUserDataPath(appData, 1);
    const remote = sessionUserDataPath(appData, 2);
    assert.notEqual(console, remote);
    assert.equal(console, path.join(appData, 'Tandem', 'tray', 'session-1'));
    assert.equal(sessionUserDataPath(appData, null), path.join(appData, 'Tandem', 'tray', 'session-default'));
  });
});
