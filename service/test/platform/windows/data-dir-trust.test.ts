import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asidePath, comparablePath, dataDirDescriptor, isTrustedOwner, judgeDataDir, judgeEntry, judgeFinalPath, SID } from '../../../src/platform/windows/data-dir-trust.js';

const SELF = 'S-1-5-21-1-2-3-500';
const USER = 'S-1-5-21-1-2-3-1001';
const DIRECTORY = 0x10;
const REPARSE = 0x400;

test('only SYSTEM, Administrators, TrustedInstaller and the service itself are trusted owners', () => {
  for (const sid of [SID.LOCAL_SYSTEM, SID.ADMINISTRATORS, SID.TRUSTED_INSTALLER, SELF, SELF.toLowerCase()]) assert.ok(isTrustedOwner(sid, SELF), sid);
  for (const sid of [USER, 'S-1-5-32-545', 'S-1-5-11', 'S-1-1-0', 'S-1-3-0']) assert.ok(!isTrustedOwner(sid, SELF), sid);
});

test('an entry is kept only when it is no reparse point and has a trusted owner', () => {
  assert.deepEqual(judgeEntry({ path: 'C:\\ProgramData\\Tandem', attributes: DIRECTORY, ownerSid: SID.LOCAL_SYSTEM }, SELF), { trusted: true });
  assert.deepEqual(judgeEntry({ path: 'C:\\ProgramData\\Tandem\\config.json', attributes: 0x20, ownerSid: SID.ADMINISTRATORS }, SELF), { trusted: true });
  assert.deepEqual(judgeEntry({ path: 'C:\\ProgramData\\Tandem', attributes: DIRECTORY, ownerSid: USER }, SELF), {
    trusted: false,
    reason: `C:\\ProgramData\\Tandem is owned by ${USER}, not by SYSTEM, Administrators or the service`,
  });
  // A junction an administrator made is still a link: SYSTEM's renames would follow it.
  assert.deepEqual(judgeEntry({ path: 'C:\\ProgramData\\Tandem\\logs', attributes: DIRECTORY | REPARSE, ownerSid: SID.ADMINISTRATORS }, SELF), {
    trusted: false,
    reason: 'C:\\ProgramData\\Tandem\\logs is a junction, symbolic link or other reparse point',
  });
});

test('the final path must be the expected one, however Windows spells it', () => {
  assert.deepEqual(judgeFinalPath('\\\\?\\C:\\ProgramData\\Tandem', 'C:\\ProgramData\\Tandem'), { trusted: true });
  assert.deepEqual(judgeFinalPath('\\\\?\\c:\\programdata\\TANDEM\\', 'C:\\ProgramData\\Tandem'), { trusted: true });
  assert.deepEqual(judgeFinalPath('\\\\?\\UNC\\server\\share\\Tandem', '\\\\server\\share\\Tandem'), { trusted: true });
  assert.deepEqual(judgeFinalPath('\\\\?\\C:\\Users\\eve\\Tandem', 'C:\\ProgramData\\Tandem'), { trusted: false, reason: 'C:\\ProgramData\\Tandem resolves to \\\\?\\C:\\Users\\eve\\Tandem' });
  assert.deepEqual(judgeFinalPath('\\\\?\\C:\\ProgramData\\Tandem2', 'C:\\ProgramData\\Tandem'), { trusted: false, reason: 'C:\\ProgramData\\Tandem resolves to \\\\?\\C:\\ProgramData\\Tandem2' });
  assert.equal(comparablePath('C:\\'), 'C:\\');
});

test('an untrusted directory is moved beside itself under a name that says why', () => {
  assert.equal(asidePath('C:\\ProgramData\\Tandem', new Date('2025-03-04T05:06:07.890Z'), 'a1b2c3'), 'C:\\ProgramData\\Tandem.untrusted-20250304T050607Z-a1b2c3');
});

test("the data directory's descriptor names its owner and protects its DACL", () => {
  assert.equal(dataDirDescriptor('SY'), 'O:SYD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)');
});

test("the data directory's own path: a user's anything is moved aside; an administrator's file or link is refused", () => {
  const at = 'C:\\ProgramData\\Tandem';
  assert.deepEqual(judgeDataDir({ path: at, attributes: DIRECTORY, ownerSid: SID.LOCAL_SYSTEM }, SELF), { action: 'keep' });
  assert.deepEqual(judgeDataDir({ path: at, attributes: DIRECTORY, ownerSid: SELF }, SELF), { action: 'keep' });
  for (const attributes of [DIRECTORY, DIRECTORY | REPARSE, 0x20]) {
    assert.deepEqual(judgeDataDir({ path: at, attributes, ownerSid: USER }, SELF), {
      action: 'move-aside',
      reason: `${at} is owned by ${USER}, not by SYSTEM, Administrators or the service`,
    });
  }
  assert.deepEqual(judgeDataDir({ path: at, attributes: DIRECTORY | REPARSE, ownerSid: SID.ADMINISTRATORS }, SELF), {
    action: 'refuse',
    reason: `${at} is a junction, symbolic link or other reparse point (owned by ${SID.ADMINISTRATORS}); remove it as an administrator`,
  });
  assert.deepEqual(judgeDataDir({ path: at, attributes: 0x20, ownerSid: SELF }, SELF), {
    action: 'refuse',
    reason: `${at} is a file, not a directory (owned by ${SELF}); remove it as an administrator`,
  });
});
