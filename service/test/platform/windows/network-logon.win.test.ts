import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inNetworkLogon } from '../../../src/platform/windows/network-logon.js';
import { isCallerMember } from '../../../src/platform/windows/win32/token.js';

test('CheckTokenMembership without a token answers for this process: Everyone yes, NETWORK no (a local logon)', () => {
  assert.equal(isCallerMember('S-1-1-0'), true);
  assert.equal(inNetworkLogon(), false);
});
