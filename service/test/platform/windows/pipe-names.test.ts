import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePipeAddress } from '../../../src/platform/windows/pipe-names.js';

const CANONICAL = '\\\\.\\pipe\\protectedprefix\\administrators\\tandem\\admin';

test('every local spelling of a pipe address has one canonical form', () => {
  for (const spelling of [
    '\\\\.\\pipe\\ProtectedPrefix\\Administrators\\Tandem\\admin',
    '\\\\?\\pipe\\ProtectedPrefix\\Administrators\\Tandem\\admin',
    '//./pipe/ProtectedPrefix/Administrators/Tandem/admin',
    '\\\\.\\PIPE\\PROTECTEDPREFIX\\ADMINISTRATORS\\TANDEM\\ADMIN',
    '\\\\localhost\\pipe\\ProtectedPrefix\\Administrators\\Tandem\\admin',
    '\\\\LOCALHOST\\pipe\\ProtectedPrefix\\Administrators\\Tandem\\admin',
    '\\\\127.0.0.1\\pipe\\ProtectedPrefix\\Administrators\\Tandem\\admin',
    '\\\\?\\UNC\\localhost\\pipe\\ProtectedPrefix\\Administrators\\Tandem\\admin',
    '\\\\.\\GLOBALROOT\\Device\\NamedPipe\\ProtectedPrefix\\Administrators\\Tandem\\admin',
    '\\\\WS-042\\pipe\\ProtectedPrefix\\Administrators\\Tandem\\admin',
  ]) {
    assert.deepEqual(parsePipeAddress(spelling, ['ws-042']), { kind: 'local', canonical: CANONICAL }, spelling);
  }
});

test('a pipe on another machine is remote; a path that is no pipe is said to be none', () => {
  assert.deepEqual(parsePipeAddress('\\\\fileserver\\pipe\\Tandem\\agent-1-00', ['ws-042']), { kind: 'remote', host: 'fileserver' });
  assert.deepEqual(parsePipeAddress('\\\\?\\UNC\\evil\\pipe\\x'), { kind: 'remote', host: 'evil' });
  for (const text of ['C:\\tandem\\admin.sock', '/tmp/tandem-0/admin.sock', '\\\\.\\pipe\\', '\\\\.\\mailslot\\x', '']) {
    assert.deepEqual(parsePipeAddress(text), { kind: 'not-a-pipe' }, text);
  }
});
