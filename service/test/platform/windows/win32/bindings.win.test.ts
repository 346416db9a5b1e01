import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advapi32 } from '../../../../src/platform/windows/win32/advapi32.js';
import { check } from '../../../../src/platform/windows/win32/call.js';
import { kernel32 } from '../../../../src/platform/windows/win32/kernel32.js';
import { userenv } from '../../../../src/platform/windows/win32/userenv.js';
import { Win32Error } from '../../../../src/platform/windows/win32/win32-error.js';
import { wtsapi32 } from '../../../../src/platform/windows/win32/wtsapi32.js';

test('every declared function exists in its DLL', () => {
  for (const library of [kernel32, advapi32, wtsapi32, userenv]) {
    const bound = Object.keys(library() as object).length;
    assert.equal(bound, library.verify(), library.dll);
  }
});

test('a call reaches Windows and returns its value', () => {
  assert.equal(kernel32().GetCurrentProcessId(), process.pid);
});

test('a failed call becomes a Win32Error naming the API and the code', () => {
  // Never a live handle: beyond the largest value a handle table hands out. A small value such as
  // 0x1230 may name a real handle in a long-running process (the kernel ignores the low two bits),
  // and closing it would break whatever owns it (REAL-WINDOWS-REVIEW #30).
  const bogus = 0x7ffffff8n;
  assert.throws(
    () => check('CloseHandle', kernel32().CloseHandle(bogus)),
    (error: unknown) => error instanceof Win32Error && error.code === 6 && error.message === 'CloseHandle failed: 6 ERROR_INVALID_HANDLE',
  );
});
