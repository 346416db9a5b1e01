import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentTokenRefusal } from '../../../src/platform/windows/agent-token.js';
import { INTEGRITY } from '../../../src/platform/windows/win32/constants.js';

test('integrity levels are the RIDs of S-1-16-… (winnt.h SECURITY_MANDATORY_*_RID)', () => {
  assert.deepEqual(INTEGRITY, { Low: 0x1000, Medium: 0x2000, High: 0x3000, System: 0x4000 });
});

test('an unelevated token is used; a restricted administrator only once its integrity reads back as Medium', () => {
  assert.equal(agentTokenRefusal(false, null), null);
  assert.equal(agentTokenRefusal(false, INTEGRITY.Medium), null);
  // What CreateRestrictedToken alone gives the built-in Administrator: unelevated, still High.
  assert.equal(agentTokenRefusal(false, INTEGRITY.High), 'its integrity level is S-1-16-12288, not Medium (S-1-16-8192)');
  assert.equal(agentTokenRefusal(false, INTEGRITY.System), 'its integrity level is S-1-16-16384, not Medium (S-1-16-8192)');
});

test('a token that is still elevated is refused, whatever its integrity level', () => {
  assert.equal(agentTokenRefusal(true, null), 'it is still elevated');
  assert.equal(agentTokenRefusal(true, INTEGRITY.Medium), 'it is still elevated');
});
