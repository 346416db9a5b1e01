/**
 * Real Windows, under the built-in Administrator (RID 500): run only by the builtin-administrator
 * job of .github/workflows/windows.yml, which enables that account with a fresh password and
 * passes it in TANDEM_TEST_ADMIN_USER / TANDEM_TEST_ADMIN_PASSWORD. Not a `*.test.ts` file: no
 * suite but that job can give it the account it needs.
 *
 * Windows Server's administrators sign in as this account, which UAC does not split (Raymond
 * Chen, The Old New Thing, 2024-10-03): its one token is elevated, of type Default, at High.
 * Managing a machine remotely (PowerShell Remoting), the same account has a network logon.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestProcessListener } from './test-process-listener.js';
import { unelevatedToken } from '../../../src/platform/windows/agent-token.js';
import { inNetworkLogon } from '../../../src/platform/windows/network-logon.js';
import { ADMIN_PIPE_SDDL } from '../../../src/platform/windows/pipe-acl.js';
import { ADMINISTRATORS_SID, admitElevatedAdministrator } from '../../../src/platform/windows/pipe-client.js';
import { pipeOpenError } from '../../../src/platform/windows/pipe-connector.js';
import { openPipe } from '../../../src/platform/windows/pipe-open.js';
import { GENERIC_READ, GENERIC_WRITE, INTEGRITY, SECURITY_IDENTIFICATION, SECURITY_SQOS_PRESENT } from '../../../src/platform/windows/win32/constants.js';
import type { Owned } from '../../../src/platform/windows/win32/handle.js';
import { isTokenMember, tokenElevation, tokenIntegrityLevel, tokenUserSid } from '../../../src/platform/windows/win32/token.js';
import { ERROR, isWin32Error } from '../../../src/platform/windows/win32/win32-error.js';
import { asUser, LOGON_TYPE, logOn } from './other-user.js';
import { echo, uniquePipeName } from './pipe-fixtures.js';

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

/** Opens `address` as tandemctl does. CreateFileW runs before openPipe's first await: inside asUser, as that user. */
function openAsTandemctl(address: string): Promise<Owned> {
  return openPipe(address, GENERIC_READ | GENERIC_WRITE, SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION);
}

test('its network logon is refused by the admin pipe, where its interactive logon is let in; tandemctl says what to do instead', async (t) => {
  const interactive = administrator(LOGON_TYPE.interactive);
  const network = administrator(LOGON_TYPE.network);
  const address = uniquePipeName('admin');
  const listener = new TestProcessListener({ address, sddl: ADMIN_PIPE_SDDL, peer: { maxRole: 'admin', sessionId: null, endpoint: 'admin' }, admit: admitElevatedAdministrator });
  try {
    await listener.listen(echo);
    t.diagnostic(facts(network));
    // The same account with the same rights: only the logon differs.
    assert.deepEqual(tokenElevation(network.value), tokenElevation(interactive.value));
    assert.equal(asUser(network, inNetworkLogon), true);
    assert.equal(asUser(interactive, inNetworkLogon), false);
    assert.equal(inNetworkLogon(), false, "the job's own logon is not a network logon");
    // The network logon first: the DACL refuses it before it reaches this process's one instance,
    // which the interactive logon then takes (a test process cannot create a second one).
    const refused: unknown = await asUser(network, () => openAsTandemctl(address)).then(
      (pipe) => {
        pipe.close();
        return assert.fail('a network logon opened the admin pipe');
      },
      (error: unknown) => error,
    );
    (await asUser(interactive, () => openAsTandemctl(address))).close();
    assert.ok(isWin32Error(refused, ERROR.ACCESS_DENIED), String(refused));
    const error = pipeOpenError(address, refused, 'Tandem', () => asUser(network, inNetworkLogon));
    assert.match(error.message, /runs in a network logon .* refuse by design/);
  } finally {
    network.close();
    interactive.close();
    await listener.close();
  }
});
