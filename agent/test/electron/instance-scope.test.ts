import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { localAppData, sessionUserDataPath } from '../../src/electron/instance-scope.js';

describe('instance scope', () => {
  const dataRoot = path.join('C:', 'Users', 'alice', 'AppData', 'Local');

  it('gives each session of each machine its own userData, so the single-instance lock is per session', () => {
    const console = sessionUserDataPath({ dataRoot, computerName: 'RDS-01', sessionId: 1 });
    const remote = sessionUserDataPath({ dataRoot, computerName: 'RDS-01', sessionId: 2 });
    const otherHost = sessionUserDataPath({ dataRoot, computerName: 'RDS-02', sessionId: 2 });
    assert.equal(console, path.join(dataRoot, 'Tandem', 'tray', 'RDS-01-1'));
    assert.equal(new Set([console, remote, otherHost]).size, 3);
    assert.equal(sessionUserDataPath({ dataRoot, computerName: 'dev-box', sessionId: null }), path.join(dataRoot, 'Tandem', 'tray', 'dev-box-default'));
  });

  it('keeps a computer name to one folder name, whatever characters it holds', () => {
    const folder = (computerName: string): string => path.relative(path.join(dataRoot, 'Tandem', 'tray'), sessionUserDataPath({ dataRoot, computerName, sessionId: 3 }));
    assert.equal(folder('PC\\..\\..\\Roaming'), 'PC_.._.._Roaming-3');
    assert.equal(folder('a/b'), 'a_b-3');
    assert.equal(folder('..'), 'computer-3');
    assert.equal(folder(''), 'computer-3');
    assert.equal(folder('X'.repeat(300)), `${'X'.repeat(63)}-3`);
  });

  it('lives in %LOCALAPPDATA%, or the profile’s AppData\\Local when that is missing or not absolute; never in roaming %APPDATA%', () => {
    const home = 'C:\\Users\\alice';
    const env = { APPDATA: 'C:\\Users\\alice\\AppData\\Roaming', LOCALAPPDATA: 'D:\\Local\\alice' };
    assert.equal(localAppData(env, home), 'D:\\Local\\alice');
    assert.equal(localAppData({ APPDATA: env.APPDATA }, home), 'C:\\Users\\alice\\AppData\\Local');
    assert.equal(localAppData({ LOCALAPPDATA: 'AppData\\Local' }, home), 'C:\\Users\\alice\\AppData\\Local');
    assert.equal(localAppData({ LOCALAPPDATA: 'C:\\x\0y' }, home), 'C:\\Users\\alice\\AppData\\Local');
  });
});
