import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RollingFile, rolledName } from '../../src/core/rolling-file.js';

describe('RollingFile', () => {
  it('rolls by size and keeps only the configured number of old files', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-roll-')), 'tandem.log');
    const log = new RollingFile({ file, maxBytes: 100, retain: 2 });
    log.open();
    for (let i = 0; i < 10; i++) assert.equal(log.write(`${String(i).repeat(59)}\n`), true);
    log.close();
    assert.deepEqual(log.files(), [file, rolledName(file, 1), rolledName(file, 2)]);
    assert.equal(existsSync(rolledName(file, 3)), false);
    assert.equal(readFileSync(file, 'utf8'), `${'9'.repeat(59)}\n`);
    assert.equal(readFileSync(rolledName(file, 1), 'utf8'), `${'8'.repeat(59)}\n`);
  });

  it('rolls when the day changes', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-roll-')), 'tandem.log');
    let now = new Date('2026-11-23T23:59:00Z');
    const log = new RollingFile({ file, maxBytes: 1_000_000, retain: 3, now: () => now });
    log.open();
    log.write('monday\n');
    now = new Date('2026-11-24T00:00:01Z');
    log.write('tuesday\n');
    log.close();
    assert.equal(readFileSync(file, 'utf8'), 'tuesday\n');
    assert.equal(readFileSync(rolledName(file, 1), 'utf8'), 'monday\n');
  });

  it('reports a write problem once, with the path and the reason, and recovers', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-roll-'));
    const problems: Array<string | undefined> = [];
    const log = new RollingFile({ file: path.join(dir, 'missing', 'x', 'tandem.log'), maxBytes: 1000, retain: 1, onProblem: (p) => problems.push(p) });
    // /dev/full answers every write with ENOSPC, like a full disk.
    if (existsSync('/dev/full')) {
      const full = new RollingFile({ file: '/dev/full', maxBytes: 1_000_000, retain: 1, onProblem: (p) => problems.push(p) });
      assert.equal(full.write('line\n'), false);
      assert.equal(full.write('line\n'), false);
      assert.deepEqual(problems, ['cannot write the log file /dev/full: no space left on the device']);
    }
    assert.equal(log.write('created on demand\n'), true);
    assert.equal(readFileSync(path.join(dir, 'missing', 'x', 'tandem.log'), 'utf8'), 'created on demand\n');
  });

  it('reopening after its folder was deleted, it never follows a link left in the folder\'s place', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-roll-'));
    const folder = path.join(dir, 'logs');
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const problems: Array<string | undefined> = [];
    const log = new RollingFile({ file: path.join(folder, 'tandem.log'), maxBytes: 1000, retain: 1, onProblem: (p) => problems.push(p) });
    assert.equal(log.write('first\n'), true);
    log.close();
    rmSync(folder, { recursive: true });
    symlinkSync(elsewhere, folder, 'junction');
    assert.equal(log.write('second\n'), false);
    assert.deepEqual(problems, [`cannot write the log file ${path.join(folder, 'tandem.log')}: the log folder ${folder} is a link; refusing to follow it`]);
    assert.deepEqual(readdirSync(elsewhere), []);
    // A real folder again: writing resumes, and says so.
    rmSync(folder);
    assert.equal(log.write('third\n'), true);
    assert.equal(readFileSync(path.join(folder, 'tandem.log'), 'utf8'), 'third\n');
    assert.deepEqual(problems.at(-1), undefined);
  });

  it('never follows a link at the log file itself', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-roll-'));
    const target = path.join(dir, 'target.txt');
    writeFileSync(target, 'untouched\n');
    const file = path.join(dir, 'tandem.log');
    symlinkSync(target, file);
    const log = new RollingFile({ file, maxBytes: 1000, retain: 1 });
    assert.throws(() => log.open(), { name: 'LinkRefused', message: `the log file ${file} is a link; refusing to follow it` });
    assert.equal(log.write('line\n'), false);
    assert.equal(readFileSync(target, 'utf8'), 'untouched\n');
  });
});
