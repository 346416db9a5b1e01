import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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
});
