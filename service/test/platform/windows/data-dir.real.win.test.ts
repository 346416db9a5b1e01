/**
 * Real Windows only (`*.real.win.test.ts`): Wine does not store file and directory DACLs, it
 * derives them from Unix permissions, so what the service sets cannot be read back there.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ensureDataDir, grantUserRead } from '../../../src/platform/windows/data-dir.js';
import { DATA_DIR_SDDL, readableByUserSddl } from '../../../src/platform/windows/pipe-acl.js';
import { readPathDacl, setPathDacl } from '../../../src/platform/windows/win32/security.js';

test('the data directory is created with SYSTEM and Administrators only, inherited by its contents', () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-data-')), 'Tandem');
  ensureDataDir(dir);
  assert.equal(readPathDacl(dir), DATA_DIR_SDDL);
});

test('an existing data directory with a looser DACL is put back to the documented one', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-data-'));
  setPathDacl(dir, 'D:P(A;OICI;FA;;;WD)');
  assert.equal(readPathDacl(dir), 'D:P(A;OICI;FA;;;WD)');
  ensureDataDir(dir);
  assert.equal(readPathDacl(dir), DATA_DIR_SDDL);
});

test("grantRead lets one user read one file: the diagnostics archive's DACL names that user", () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-data-')), 'diagnostics.zip');
  writeFileSync(file, 'zip');
  grantUserRead(file, 'S-1-5-21-1-2-3-1001');
  assert.equal(readPathDacl(file), readableByUserSddl('S-1-5-21-1-2-3-1001'));
});
