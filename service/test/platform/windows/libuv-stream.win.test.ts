import assert from 'node:assert/strict';
import type net from 'node:net';
import { test } from 'node:test';
import { socketFromPipe } from '../../../src/platform/windows/libuv-stream.js';
import { checkHandle } from '../../../src/platform/windows/win32/call.js';
import { FILE_FLAG, GENERIC_READ, GENERIC_WRITE, OPEN_EXISTING, PIPE } from '../../../src/platform/windows/win32/constants.js';
import { ownHandle, type Owned } from '../../../src/platform/windows/win32/handle.js';
import { kernel32 } from '../../../src/platform/windows/win32/kernel32.js';
import { koffi, type Out, type Pointer } from '../../../src/platform/windows/win32/koffi.js';
import { closedBy, uniquePipeName } from './pipe-fixtures.js';

// Test-only: whether a handle value is still open in this process.
const GetHandleInformation = koffi().load('kernel32.dll').func('int __stdcall GetHandleInformation(void *handle, _Out_ uint32_t *flags)') as (handle: Pointer, flags: Out<number>) => number;
const isOpen = (handle: Pointer): boolean => GetHandleInformation(handle, [0]) !== 0;

/** Both ends of a fresh overlapped pipe. */
function pipePair(): { server: Owned; client: Owned } {
  const address = uniquePipeName('stream');
  const server = ownHandle(checkHandle('CreateNamedPipeW', kernel32().CreateNamedPipeW(address, PIPE.ACCESS_DUPLEX | FILE_FLAG.OVERLAPPED, PIPE.TYPE_BYTE | PIPE.WAIT, 1, 4096, 4096, 0, null)), 'server end');
  const client = ownHandle(checkHandle('CreateFileW', kernel32().CreateFileW(address, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, FILE_FLAG.OVERLAPPED, null)), 'client end');
  return { server, client };
}

test('a socket that cannot be made from the descriptor closes it, and with it the pipe handle', async () => {
  const { server, client } = pipePair();
  const raw = server.value;
  assert.ok(isOpen(raw));
  assert.throws(
    () =>
      socketFromPipe(server, () => {
        throw new Error('no socket today');
      }),
    /no socket today/,
  );
  assert.equal(server.closed, true, 'released to the descriptor');
  assert.equal(isOpen(raw), false, 'the pipe handle leaked');
  // The other end sees its peer gone.
  const other: net.Socket = socketFromPipe(client);
  await closedBy(other);
});

test('a socket made from the descriptor owns the handle until it is destroyed', async () => {
  const { server, client } = pipePair();
  const raw = server.value;
  const socket = socketFromPipe(server);
  assert.ok(isOpen(raw));
  const other = socketFromPipe(client);
  socket.destroy();
  await closedBy(other);
});
