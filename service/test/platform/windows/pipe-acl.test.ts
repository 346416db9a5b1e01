import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN_PIPE_SDDL, agentPipeSddl, ownerOnlyPipeSddl, PIPE_CLIENT_RIGHTS } from '../../../src/platform/windows/pipe-acl.js';
import { parseFileSecurity } from '../../../src/platform/windows/sddl.js';
import { agentPipeName, isTandemPipeName, ADMIN_PIPE_NAME } from '../../../src/platform/windows/pipe-names.js';

test('client rights are read and write without FILE_CREATE_PIPE_INSTANCE', () => {
  const FILE_GENERIC_READ = 0x120089;
  const FILE_GENERIC_WRITE = 0x120116;
  const FILE_CREATE_PIPE_INSTANCE = 0x4;
  assert.equal(Number(PIPE_CLIENT_RIGHTS), (FILE_GENERIC_READ | FILE_GENERIC_WRITE) & ~FILE_CREATE_PIPE_INSTANCE);
});

test('pipe DACLs deny network logons first, then grant SYSTEM and exactly one client principal', () => {
  assert.equal(ADMIN_PIPE_SDDL, 'D:P(D;;FA;;;NU)(A;;FA;;;SY)(A;;0x12019b;;;BA)');
  assert.equal(agentPipeSddl('S-1-5-21-1-2-3-1001'), 'D:P(D;;FA;;;NU)(A;;FA;;;SY)(A;;0x12019b;;;S-1-5-21-1-2-3-1001)');
  assert.throws(() => agentPipeSddl('S-1-5-21-1)(A;;FA;;;WD'), /Expected a SID/);
});

test("console mode's pipes grant exactly SYSTEM and their owner, the owner with FILE_CREATE_PIPE_INSTANCE", () => {
  const owner = 'S-1-5-21-1-2-3-1001';
  assert.equal(ownerOnlyPipeSddl(owner), 'D:P(A;;FA;;;SY)(A;;FA;;;S-1-5-21-1-2-3-1001)');
  const FILE_CREATE_PIPE_INSTANCE = 0x4;
  const dacl = parseFileSecurity(ownerOnlyPipeSddl(owner)).dacl ?? [];
  assert.deepEqual(dacl.map((ace) => [ace.type, ace.sid]), [['allow', 'S-1-5-18'], ['allow', owner]]);
  // The console service is not SYSTEM: it creates its further instances through the owner's entry (REAL-WINDOWS-REVIEW #1).
  assert.equal((dacl[1]?.mask ?? 0) & FILE_CREATE_PIPE_INSTANCE, FILE_CREATE_PIPE_INSTANCE);
  assert.throws(() => ownerOnlyPipeSddl('S-1-5-21-1)(A;;FA;;;WD'), /Expected a SID like S-1-5-21-…, got `S-1-5-21-1\)\(A;;FA;;;WD`/);
  assert.throws(() => ownerOnlyPipeSddl(''), /Expected a SID/);
});

test('agent pipe names are unguessable and recognised as Tandem pipes; others are not', () => {
  const a = agentPipeName(3);
  const b = agentPipeName(3);
  assert.notEqual(a, b);
  assert.match(a, /^\\\\\.\\pipe\\Tandem\\agent-3-[0-9a-f]{24}$/);
  assert.ok(isTandemPipeName(a));
  assert.ok(isTandemPipeName(ADMIN_PIPE_NAME));
  assert.ok(!isTandemPipeName('\\\\.\\pipe\\tandem-console-abc-admin'));
  assert.ok(!isTandemPipeName('/tmp/tandem-0/admin.sock'));
});
