/**
 * The agent's token on the Win32 API (Wine here, Windows in the workflow). What only real Windows
 * shows, the built-in Administrator's restricted token at Medium, is proven by the
 * builtin-administrator job of .github/workflows/windows.yml (builtin-administrator.workflow.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unelevatedToken } from '../../../src/platform/windows/agent-token.js';
import { INTEGRITY, SE_GROUP_INTEGRITY, TOKEN } from '../../../src/platform/windows/win32/constants.js';
import { kernel32 } from '../../../src/platform/windows/win32/kernel32.js';
import { koffi, type Pointer } from '../../../src/platform/windows/win32/koffi.js';
import { sidToString } from '../../../src/platform/windows/win32/security.js';
import { integrityLabel, openProcessToken, tokenElevation, tokenIntegrityLevel, tokenUserSid } from '../../../src/platform/windows/win32/token.js';

test('the Medium label handed to SetTokenInformation reads back through ConvertSidToStringSidW as S-1-16-8192', () => {
  const label = integrityLabel(INTEGRITY.Medium);
  assert.equal(sidToString(koffi().decode(label, 'void *') as Pointer), 'S-1-16-8192');
  assert.equal(label.readUInt32LE(8), SE_GROUP_INTEGRITY);
  assert.equal(sidToString(koffi().decode(integrityLabel(INTEGRITY.Low), 'void *') as Pointer), 'S-1-16-4096');
});

test("this elevated test process's token reads as High (or System, run as LocalSystem)", () => {
  const own = openProcessToken(kernel32().GetCurrentProcess(), TOKEN.QUERY);
  try {
    assert.ok(tokenElevation(own.value).elevated, 'the Windows suite runs elevated');
    const level = tokenIntegrityLevel(own.value);
    assert.ok(level === INTEGRITY.High || level === INTEGRITY.System, `S-1-16-${level}`);
  } finally {
    own.close();
  }
});

test("the agent token made from this process's token is the same user, unelevated", () => {
  const own = openProcessToken(kernel32().GetCurrentProcess(), TOKEN.ALL_ACCESS);
  try {
    const agent = unelevatedToken(own.value, 'the test');
    try {
      assert.equal(tokenUserSid(agent.value), tokenUserSid(own.value));
      assert.equal(tokenElevation(agent.value).elevated, false);
    } finally {
      agent.close();
    }
  } finally {
    own.close();
  }
});
