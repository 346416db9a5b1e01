/**
 * The data directory's code path under Wine: created, kept with its contents when trusted,
 * and something squatting its name moved aside. Wine has no foreign owners, no junctions and no
 * stored DACLs (data-dir.real.win.test.ts shows those on Windows; data-dir-trust.test.ts the rules).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ensureDataDir } from '../../../src/platform/windows/data-dir.js';

function freshParent(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tandem-data-'));
}

test('a missing data directory is created; an existing trusted one is kept with its contents', () => {
  const dir = path.join(freshParent(), 'Tandem');
  assert.deepEqual(ensureDataDir(dir), { created: true, movedAside: [] });
  mkdirSync(path.join(dir, 'logs'));
  writeFileSync(path.join(dir, 'logs', 'tandem.log'), 'line\n');
  writeFileSync(path.join(dir, 'config.json'), '{}');
  assert.deepEqual(ensureDataDir(dir), { created: false, movedAside: [] });
  assert.equal(readFileSync(path.join(dir, 'config.json'), 'utf8'), '{}');
  assert.equal(readFileSync(path.join(dir, 'logs', 'tandem.log'), 'utf8'), 'line\n');
});

test('a file squatting the name is moved aside, with the reason, and the directory is created', () => {
  const parent = freshParent();
  const dir = path.join(parent, 'Tandem');
  writeFileSync(dir, 'not a directory');
  const report = ensureDataDir(dir);
  assert.equal(report.created, true);
  assert.equal(report.movedAside.length, 1);
  const [moved] = report.movedAside;
  assert.match(moved?.reason ?? '', /is a file, not a directory$/);
  assert.match(moved?.to ?? '', /\\Tandem\.untrusted-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
  assert.equal(readFileSync(moved?.to ?? '', 'utf8'), 'not a directory');
  assert.ok(statSync(dir).isDirectory());
  assert.deepEqual(readdirSync(parent).sort(), ['Tandem', path.win32.basename(moved?.to ?? '')].sort());
});
