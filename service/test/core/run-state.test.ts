import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RunStateFile } from '../../src/core/run-state.js';

const dir = (): string => mkdtempSync(path.join(os.tmpdir(), 'tandem-run-state-'));

describe('RunStateFile', () => {
  it('says first, then clean after a recorded stop', async () => {
    const data = dir();
    const first = new RunStateFile(data);
    assert.equal((await first.begin()).previous, 'first');
    await first.record('stopping', 'preshutdown');
    await first.record('stopped', 'preshutdown');
    const next = await new RunStateFile(data).begin();
    assert.equal(next.previous, 'clean');
    assert.match(next.detail ?? '', /^stopped \(preshutdown\) since /);
  });

  it('says unclean after a run that never stopped (power loss) or stopped half-way, and removes interrupted writes', async () => {
    const data = dir();
    await new RunStateFile(data).begin(); // running, then the power goes
    writeFileSync(path.join(data, `.config.json.4242.0a1b2c3d.tmp`), '{"half":');
    writeFileSync(path.join(data, 'config.json'), '{}');
    const after = await new RunStateFile(data).begin();
    assert.equal(after.previous, 'unclean');
    assert.match(after.detail ?? '', /^running since /);
    assert.deepEqual(after.removed, ['.config.json.4242.0a1b2c3d.tmp']);
    assert.deepEqual(readdirSync(data).sort(), ['config.json', 'run-state.json']);
    const state = new RunStateFile(data);
    await state.begin();
    await state.record('suspended');
    assert.match((await new RunStateFile(data).begin()).detail ?? '', /^suspended since/);
  });

  it('treats an unreadable file as an unclean end', async () => {
    const data = dir();
    writeFileSync(path.join(data, 'run-state.json'), 'garbage');
    assert.deepEqual(await new RunStateFile(data).begin(), { previous: 'unclean', detail: 'run-state.json was unreadable', removed: [] });
  });
});
