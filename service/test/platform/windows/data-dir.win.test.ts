/**
 * The data directory's code path under Wine: created, kept with its contents when trusted, and
 * a file an administrator left at its path refused. Wine has no foreign owners, no junctions and
 * no stored DACLs, so moving a user's folder aside is shown by data-dir.real.win.test.ts on
 * Windows; data-dir-trust.test.ts tests the rules.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

test("a file an administrator left at the path is refused, untouched (Wine owns everything as this user, so nothing here is foreign)", () => {
  const parent = freshParent();
  const dir = path.join(parent, 'Tandem');
  writeFileSync(dir, 'not a directory');
  assert.throws(() => ensureDataDir(dir), (error: unknown) => {
    return error instanceof Error && /^refusing the data directory: .*\\Tandem is a file, not a directory \(owned by S-1-[\d-]+\); remove it as an administrator$/.test(error.message);
  });
  assert.equal(readFileSync(dir, 'utf8'), 'not a directory');
  assert.deepEqual(readdirSync(parent), ['Tandem']);
});
