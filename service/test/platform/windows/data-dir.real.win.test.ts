/**
 * Real Windows only (`*.real.win.test.ts`): Wine does not store file and directory owners or
 * DACLs, and has no junctions, so what the service sets and refuses can only be seen here.
 * Needs, from the workflow: an elevated administrator running it and the second local account
 * in TANDEM_TEST_OTHER_USER / TANDEM_TEST_OTHER_PASSWORD (SECURITY.md F2).
 */
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ensureDataDir, grantUserRead } from '../../../src/platform/windows/data-dir.js';
import { isTrustedOwner, SID } from '../../../src/platform/windows/data-dir-trust.js';
import { DATA_DIR_SDDL, readableByUserSddl } from '../../../src/platform/windows/pipe-acl.js';
import { READ_CONTROL } from '../../../src/platform/windows/win32/constants.js';
import { openWithoutFollowing } from '../../../src/platform/windows/win32/files.js';
import { readHandleOwner, readPathDacl, setPathDacl } from '../../../src/platform/windows/win32/security.js';
import { tokenUserSid } from '../../../src/platform/windows/win32/token.js';
import { runAsLocalSystem } from './as-local-system.js';
import { asUser, otherUser } from './other-user.js';
import { currentUserSid } from './pipe-fixtures.js';
import { assertSameDescriptor } from './sddl-compare.js';

/** Asserts the DACL a file or directory carries (the AI flag Windows adds aside: sddl-compare.ts). */
function assertDacl(file: string, expected: string): void {
  assertSameDescriptor(readPathDacl(file), expected, `the DACL of ${file}`);
}

function ownerOf(file: string): string {
  const handle = openWithoutFollowing(file, READ_CONTROL);
  try {
    return readHandleOwner(handle.value);
  } finally {
    handle.close();
  }
}

// Under C:\, as %ProgramData% is for this purpose: a folder there inherits "Authenticated Users:
// Modify", so the other user can create folders and junctions in it, as users can in %ProgramData%.
const roots: string[] = [];
function userWritableRoot(): string {
  const root = `C:\\tandem-data-test-${process.pid}-${roots.length}`;
  mkdirSync(root);
  roots.push(root);
  return root;
}
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

test('the data directory is created with SYSTEM and Administrators only, inherited by its contents', () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-data-')), 'Tandem');
  assert.deepEqual(ensureDataDir(dir), { created: true, movedAside: [] });
  assertDacl(dir, DATA_DIR_SDDL);
  assert.equal(ownerOf(dir), SID.ADMINISTRATORS);
});

test('an existing data directory with a looser DACL is put back to the documented one', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-data-'));
  writeFileSync(path.join(dir, 'config.json'), '{}');
  setPathDacl(dir, 'D:P(A;OICI;FA;;;WD)');
  assertDacl(dir, 'D:P(A;OICI;FA;;;WD)');
  assert.deepEqual(ensureDataDir(dir), { created: false, movedAside: [] });
  assertDacl(dir, DATA_DIR_SDDL);
  assertDacl(path.join(dir, 'config.json'), 'D:P(A;;FA;;;SY)(A;;FA;;;BA)');
  assert.equal(readFileSync(path.join(dir, 'config.json'), 'utf8'), '{}');
});

test("grantRead lets one user read one file: the diagnostics archive's DACL names that user", () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-data-')), 'diagnostics.zip');
  writeFileSync(file, 'zip');
  grantUserRead(file, 'S-1-5-21-1-2-3-1001');
  assertDacl(file, readableByUserSddl('S-1-5-21-1-2-3-1001'));
});

test('a folder another user created first, with a junction inside, is moved aside at the first start and made afresh', async () => {
  const root = userWritableRoot();
  const victim = path.join(root, 'victim');
  mkdirSync(victim);
  writeFileSync(path.join(victim, 'keep.txt'), 'untouched');
  const dir = path.join(root, 'Tandem');
  const other = otherUser();
  let otherSid: string;
  try {
    otherSid = tokenUserSid(other.value);
    // Synchronous fs calls run on this (impersonating) thread: the other user owns what is made.
    asUser(other, () => {
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'config.json'), '{"tray":{"supportText":"planted"}}');
      symlinkSync(victim, path.join(dir, 'logs'), 'junction');
    });
  } finally {
    other.close();
  }
  assert.equal(ownerOf(dir), otherSid, 'the other user owns the folder before the start');
  assert.ok(lstatSync(path.join(dir, 'logs')).isSymbolicLink(), 'a junction is planted inside');

  const result = (await runAsLocalSystem('data-dir-body.js', [dir])) as {
    report: { created: boolean; movedAside: Array<{ to: string; reason: string }> };
    owner: string;
    dacl: string;
    entries: string[];
  };
  assert.equal(result.report.created, true);
  assert.equal(result.report.movedAside.length, 1);
  assert.match(result.report.movedAside[0]?.reason ?? '', new RegExp(`owned by ${otherSid}`));
  assert.equal(result.owner, SID.LOCAL_SYSTEM);
  assertSameDescriptor(result.dacl, DATA_DIR_SDDL, 'the DACL the service set');
  assert.deepEqual(result.entries, []);
  // What was there is kept for an administrator to read, the link itself and not its target.
  const aside = result.report.movedAside[0]?.to ?? '';
  assert.ok(lstatSync(path.join(aside, 'logs')).isSymbolicLink());
  assert.deepEqual(readdirSync(victim), ['keep.txt']);
  assert.equal(readFileSync(path.join(victim, 'keep.txt'), 'utf8'), 'untouched');
  // And the other user can no longer add anything inside.
  const again = otherUser();
  try {
    assert.throws(() => asUser(again, () => mkdirSync(path.join(dir, 'logs'))), { code: 'EPERM' });
  } finally {
    again.close();
  }
});

test("a junction a user planted in an administrator's folder makes the whole folder untrusted", () => {
  const root = userWritableRoot();
  const dir = path.join(root, 'Tandem');
  mkdirSync(dir);
  const other = otherUser();
  try {
    asUser(other, () => symlinkSync(root, path.join(dir, 'diagnostics'), 'junction'));
  } finally {
    other.close();
  }
  assert.ok(isTrustedOwner(ownerOf(dir), currentUserSid()), 'the administrator owns the folder');
  const report = ensureDataDir(dir);
  assert.equal(report.movedAside.length, 1);
  assert.match(report.movedAside[0]?.reason ?? '', /diagnostics is a junction, symbolic link or other reparse point$/);
  assert.deepEqual(readdirSync(dir), []);
  assertDacl(dir, DATA_DIR_SDDL);
});
