import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameUserRefusal } from '../../../src/platform/windows/pipe-client.js';

const client = { pid: 4242, sessionId: 2 };
const own = 'S-1-5-21-1-2-3-1001';

test("console mode's pipes admit a client running as the console service's own user, in any session", () => {
  assert.equal(sameUserRefusal(client, own, own), null);
  assert.equal(sameUserRefusal({ pid: 7, sessionId: 0 }, own, own), null);
});

test('any other account is refused, named by SID', () => {
  assert.equal(sameUserRefusal(client, 'S-1-5-21-1-2-3-1002', own), 'client pid 4242 runs as S-1-5-21-1-2-3-1002, not as S-1-5-21-1-2-3-1001, the user this console service runs as');
  assert.match(sameUserRefusal(client, 'S-1-5-18', own) ?? '', /^client pid 4242 runs as S-1-5-18, not as /);
  // A prefix of the SID is another account (…-1001 is not …-10010).
  assert.notEqual(sameUserRefusal(client, `${own}0`, own), null);
});
