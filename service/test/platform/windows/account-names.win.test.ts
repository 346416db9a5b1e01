/**
 * Account names are looked up after RevertToSelf, never while a pipe client is impersonated
 * (REAL-WINDOWS-REVIEW #13): at identification level the lookup cannot reach LSA on Windows and
 * gives the SID back. Wine impersonates the server itself, so the guard is what is checked here:
 * inside the impersonation the lookup refuses to run (on Windows and Wine alike), outside it runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IncomingConnection, PeerAccount } from '@tandem/shared';
import { accountNameOf } from '../../../src/platform/windows/account-names.js';
import { TestProcessListener } from './test-process-listener.js';
import { agentPipeSddl } from '../../../src/platform/windows/pipe-acl.js';
import { admitSameUser, type Admission } from '../../../src/platform/windows/pipe-client.js';
import { WindowsPipeConnector } from '../../../src/platform/windows/pipe-connector.js';
import { tokenUserSid, withPipeClientToken } from '../../../src/platform/windows/win32/token.js';
import { currentSessionId, currentUserSid, echo, uniquePipeName } from './pipe-fixtures.js';

/** Serves one connection on a fresh pipe with `admit`, connects to it, and returns what was admitted. */
async function admitOne(admit: Admission): Promise<IncomingConnection> {
  const address = uniquePipeName('agent');
  let admitted: (connection: IncomingConnection) => void = () => undefined;
  const connection = new Promise<IncomingConnection>((resolve) => (admitted = resolve));
  const listener = new TestProcessListener({ address, sddl: agentPipeSddl(currentUserSid()), peer: { maxRole: 'user', sessionId: currentSessionId(), endpoint: 'agent:test' }, admit });
  await listener.listen((incoming) => {
    echo(incoming);
    admitted(incoming);
  });
  try {
    const client = await new WindowsPipeConnector(address, { kind: 'process', pid: process.pid }).connect();
    const result = await connection;
    client.destroy();
    return result;
  } finally {
    await listener.close();
  }
}

test('inside the impersonation of a pipe client no account name is looked up; after RevertToSelf it is, and the refusal was not cached', async () => {
  const own = currentUserSid();
  let inside: unknown;
  const connection = await admitOne((pipe, client) => {
    withPipeClientToken(pipe, (token) => {
      try {
        accountNameOf(tokenUserSid(token));
      } catch (error) {
        inside = error;
      }
    });
    return admitSameUser(own)(pipe, client);
  });
  assert.match(String(inside), /LookupAccountSidW is not called while this thread impersonates a client/);
  const name = (connection.peer.account as PeerAccount).name;
  assert.doesNotMatch(name, /^S-1-/, `${own} resolved to ${name}`);
  assert.equal(accountNameOf(own), name);
});

test("an admitted client's account carries its SID at once and its name when read", async () => {
  const connection = await admitOne(admitSameUser(currentUserSid()));
  const account = connection.peer.account as PeerAccount;
  assert.equal(account.id, currentUserSid());
  assert.doesNotMatch(account.name, /^S-1-/);
});
