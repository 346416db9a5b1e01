/**
 * Real Windows, under the built-in Administrator (RID 500): run only by the builtin-administrator
 * job of .github/workflows/windows.yml, which enables that account with a fresh password and
 * passes it in TANDEM_TEST_ADMIN_USER / TANDEM_TEST_ADMIN_PASSWORD. Not a `*.test.ts` file: no
 * suite but that job can give it the account it needs.
 *
 * Windows Server's administrators sign in as this account, which UAC does not split (Raymond
 * Chen, The Old New Thing, 2024-10-03): its one token is elevated, of type Default, at High.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unelevatedToken } from '../../../src/platform/windows/agent-token.js';
import { ADMINISTRATORS_SID } from '../../../src/platform/windows/pipe-client.js';
import { INTEGRITY } from '../../../src/platform/windows/win32/constants.js';
import type { Owned } from '../../../src/platform/windows/win32/handle.js';
import { isTokenMember, tokenElevation, tokenIntegrityLevel, tokenUserSid } from '../../../src/platform/windows/win32/token.js';
import { LOGON_TYPE, logOn } from './other-user.js';

function administrator(type: number): Owned {
  const user = process.env.TANDEM_TEST_ADMIN_USER;
  const password = process.env.TANDEM_TEST_ADMIN_PASSWORD;
  assert.ok(user && password, 'the builtin-administrator job enables the RID-500 account and sets TANDEM_TEST_ADMIN_USER and TANDEM_TEST_ADMIN_PASSWORD');
  return logOn(user, password, type);
}

/** What a failure needs to be read: whose token, how elevated, at which level. */
function facts(token: Owned): string {
  const { elevated, type } = tokenElevation(token.value);
  return `${tokenUserSid(token.value)}: ${elevated ? 'elevated' : 'not elevated'}, type ${type}, S-1-16-${tokenIntegrityLevel(token.value)}`;
}

test('the built-in Administrator logs on with one elevated token of type Default, at High', (t) => {
  const token = administrator(LOGON_TYPE.interactive);
  try {
    t.diagnostic(facts(token));
    assert.match(tokenUserSid(token.value), /^S-1-5-21-\d+-\d+-\d+-500$/);
    assert.deepEqual(tokenElevation(token.value), { elevated: true, type: 'default' }, 'a split token here means FilterAdministratorToken (Admin Approval Mode for the built-in Administrator) is on: not the case this job is for');
    assert.equal(tokenIntegrityLevel(token.value), INTEGRITY.High);
    assert.ok(isTokenMember(token.value, ADMINISTRATORS_SID));
  } finally {
    token.close();
  }
});

test("its agent's token is the same user, not elevated, at Medium, with Administrators deny-only", (t) => {
  const token = administrator(LOGON_TYPE.interactive);
  try {
    const agent = unelevatedToken(token.value, 'the test');
    try {
      t.diagnostic(facts(agent));
      assert.equal(tokenUserSid(agent.value), tokenUserSid(token.value));
      assert.equal(tokenElevation(agent.value).elevated, false);
      assert.equal(tokenIntegrityLevel(agent.value), INTEGRITY.Medium);
      assert.equal(isTokenMember(agent.value, ADMINISTRATORS_SID), false);
    } finally {
      agent.close();
    }
  } finally {
    token.close();
  }
});
