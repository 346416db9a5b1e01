import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroupSids } from '../../../src/platform/windows/group-sids.js';

test('a group name is looked up once, whatever its case; a SID is never looked up', () => {
  const asked: string[] = [];
  const groups = new GroupSids((account) => {
    asked.push(account);
    return 'S-1-5-21-9-9-9-1234';
  });
  assert.equal(groups.sidOf('CONTOSO\\Tray Users'), 'S-1-5-21-9-9-9-1234');
  assert.equal(groups.sidOf('contoso\\tray users'), 'S-1-5-21-9-9-9-1234');
  assert.equal(groups.sidOf('s-1-5-32-544'), 'S-1-5-32-544');
  assert.deepEqual(asked, ['CONTOSO\\Tray Users']);
});

test('a failed lookup is not kept: the next check asks again', () => {
  let calls = 0;
  const groups = new GroupSids(() => {
    calls++;
    if (calls === 1) throw new Error('LookupAccountNameW failed: 1332 ERROR_NONE_MAPPED');
    return 'S-1-5-21-9-9-9-1234';
  });
  assert.throws(() => groups.sidOf('vpn-users'), /ERROR_NONE_MAPPED/);
  assert.equal(groups.sidOf('vpn-users'), 'S-1-5-21-9-9-9-1234');
  assert.equal(groups.sidOf('vpn-users'), 'S-1-5-21-9-9-9-1234');
  assert.equal(calls, 2);
});
