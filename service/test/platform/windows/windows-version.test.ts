import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideSupport, MINIMUM_BUILD } from '../../../src/platform/windows/windows-version.js';

test('Windows 10 1809 / Server 2019 and everything later is supported', () => {
  for (const build of [MINIMUM_BUILD, 19045, 20348, 22631, 26100]) assert.deepEqual(decideSupport({ major: 10, minor: 0, build }), { supported: true }, String(build));
  assert.deepEqual(decideSupport({ major: 11, minor: 0, build: 0 }), { supported: true });
});

test('older builds are refused, with the build and the reason', () => {
  assert.deepEqual(decideSupport({ major: 10, minor: 0, build: 14393 }), {
    supported: false,
    message:
      'Tandem needs Windows 10 version 1809 or Windows Server 2019 (build 17763) or later; this is Windows 10.0 build 14393. ' +
      "Older builds lack the \\ProtectedPrefix\\Administrators pipe namespace, so any user could take the admin pipe's name first.",
  });
  for (const version of [{ major: 10, minor: 0, build: MINIMUM_BUILD - 1 }, { major: 10, minor: 0, build: 16299 }, { major: 6, minor: 3, build: 9600 }, { major: 6, minor: 1, build: 7601 }]) {
    assert.equal(decideSupport(version).supported, false, JSON.stringify(version));
  }
});
