/**
 * What linkedToken gives a process without SeTcbPrivilege, such as this elevated test process: an
 * identification-level impersonation token, on Windows and under Wine alike. Windows refuses to
 * make a primary token of it (1346), so agent-token.ts falls back to restricting the full token
 * (REAL-WINDOWS-REVIEW #6); security.real.win.test.ts shows that fallback where Windows refuses.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecurityIdentification, TOKEN, TokenImpersonation, TokenInformation } from '../../../../src/platform/windows/win32/constants.js';
import { kernel32 } from '../../../../src/platform/windows/win32/kernel32.js';
import { linkedToken, openProcessToken, tokenElevation, tokenInformation } from '../../../../src/platform/windows/win32/token.js';

test('without SeTcbPrivilege the linked token of a split token comes at identification level', () => {
  const own = openProcessToken(kernel32().GetCurrentProcess(), TOKEN.QUERY);
  try {
    // The suite runs elevated under UAC: windows-latest keeps EnableLUA=1, Wine gives a split token.
    assert.deepEqual(tokenElevation(own.value), { elevated: true, type: 'full' }, 'the test process holds the full half of a split token');
    const linked = linkedToken(own.value);
    try {
      assert.deepEqual(tokenElevation(linked.value), { elevated: false, type: 'limited' });
      assert.equal(tokenInformation(linked.value, TokenInformation.Type).readUInt32LE(0), TokenImpersonation);
      assert.equal(tokenInformation(linked.value, TokenInformation.ImpersonationLevel).readUInt32LE(0), SecurityIdentification);
    } finally {
      linked.close();
    }
  } finally {
    own.close();
  }
});
