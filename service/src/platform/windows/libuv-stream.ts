/**
 * Hands a connected pipe handle to libuv, so the rest of Tandem sees an ordinary Node stream
 * (the protocol code is the same as over a Unix socket, and as fast as plain `net`). node.exe
 * exports libuv: uv_open_osfhandle wraps the HANDLE in a CRT descriptor, and net.Socket opens
 * that descriptor as a pipe. From then on libuv owns the handle and closes it with the socket.
 */
import { closeSync } from 'node:fs';
import net from 'node:net';
import type { Owned } from './win32/handle.js';
import { koffi, type Pointer } from './win32/koffi.js';

let openOsHandle: ((handle: Pointer) => number) | undefined;

function uvOpenOsfhandle(): (handle: Pointer) => number {
  openOsHandle ??= koffi().load(process.execPath).func('int uv_open_osfhandle(void *os_fd)') as unknown as (handle: Pointer) => number;
  return openOsHandle;
}

/**
 * Turns an overlapped, connected pipe handle into a socket; `handle` is released to libuv. If the
 * socket cannot be made (`open` throws), the descriptor, which owns the handle by then, is closed:
 * the pipe does not stay open with nobody to close it. `open` is replaceable for that test.
 */
export function socketFromPipe(handle: Owned, open: (fd: number) => net.Socket = openSocket): net.Socket {
  const fd = uvOpenOsfhandle()(handle.value);
  if (fd < 0) throw new Error(`uv_open_osfhandle failed for ${handle.what}: ${fd}`);
  handle.release();
  try {
    return open(fd);
  } catch (error) {
    // The CRT's _close, as libuv's fs close does on Windows: it closes the pipe handle too.
    closeSync(fd);
    throw error;
  }
}

function openSocket(fd: number): net.Socket {
  const socket = new net.Socket({ fd, readable: true, writable: true });
  socket.setNoDelay?.(true);
  return socket;
}
