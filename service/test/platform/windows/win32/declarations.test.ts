import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advapi32 } from '../../../../src/platform/windows/win32/advapi32.js';
import { kernel32 } from '../../../../src/platform/windows/win32/kernel32.js';
import { ntdll } from '../../../../src/platform/windows/win32/ntdll.js';
import { koffi, win32Types } from '../../../../src/platform/windows/win32/koffi.js';
import { ole32, shell32 } from '../../../../src/platform/windows/win32/shell32.js';
import { userenv } from '../../../../src/platform/windows/win32/userenv.js';
import { wtsapi32 } from '../../../../src/platform/windows/win32/wtsapi32.js';

test('every Win32 prototype parses with the declared type names (checked without the DLLs)', () => {
  assert.ok(kernel32.verify() > 30);
  assert.ok(advapi32.verify() > 40);
  assert.ok(wtsapi32.verify() >= 5);
  assert.ok(userenv.verify() >= 3);
  assert.equal(shell32.verify(), 1);
  assert.equal(ole32.verify(), 1);
  assert.equal(ntdll.verify(), 1);
});

test('structs have the sizes of the Windows x64 headers', () => {
  const t = win32Types();
  const sizes: Array<[string, number]> = [
    ['SECURITY_ATTRIBUTES', 24],
    ['SERVICE_STATUS', 28],
    ['SERVICE_STATUS_PROCESS', 36],
    ['SERVICE_TABLE_ENTRYW', 16],
    ['QUERY_SERVICE_CONFIGW', 64],
    ['SC_ACTION', 8],
    ['SERVICE_FAILURE_ACTIONSW', 40],
    ['OVERLAPPED', 32],
    ['WTS_SESSION_INFOW', 24],
    ['WTSSESSION_NOTIFICATION', 8],
    ['STARTUPINFOEXW', 112],
    ['PROCESS_INFORMATION', 24],
    ['JOBOBJECT_EXTENDED_LIMIT_INFORMATION', 144],
  ];
  for (const [name, size] of sizes) {
    const type = t[name as keyof typeof t];
    assert.equal(koffi().sizeof(type), size, name);
  }
  assert.equal(koffi().offsetof(t.OVERLAPPED, 'hEvent'), 24);
  assert.equal(koffi().offsetof(t.STARTUPINFOEXW, 'lpAttributeList'), 104);
  assert.equal(koffi().offsetof(t.WTS_SESSION_INFOW, 'State'), 16);
});
