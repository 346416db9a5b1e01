import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertSupportedWindows, osVersion } from '../../../src/platform/windows/os-version.js';
import { MINIMUM_BUILD } from '../../../src/platform/windows/windows-version.js';

test('RtlGetVersion reports this Windows (Wine set to Windows 10, or the runner), which is supported', () => {
  const version = osVersion();
  assert.equal(version.major, 10);
  assert.ok(version.build >= MINIMUM_BUILD, `build ${version.build}`);
  assert.doesNotThrow(() => assertSupportedWindows(version));
  assert.throws(() => assertSupportedWindows({ ...version, build: 14393 }), /build 14393/);
});
