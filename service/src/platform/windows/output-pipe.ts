/**
 * A one-way pipe carrying a child's stdout or stderr to the service. The service's end is
 * overlapped and goes to libuv (read as a stream, no thread held); the child's end is an
 * ordinary synchronous handle, made inheritable only for the moment of CreateProcessAsUserW.
 * The name is random and the first instance claims it, with a LocalSystem-only DACL.
 */
import { randomBytes } from 'node:crypto';
import { checkHandle, lastError } from './win32/call.js';
import { FILE_FLAG, GENERIC_WRITE, OPEN_EXISTING, PIPE } from './win32/constants.js';
import { closeAll, ownHandle, type Owned } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import { koffi, win32Types } from './win32/koffi.js';
import { descriptorFromSddl } from './win32/security.js';
import { ERROR, Win32Error } from './win32/win32-error.js';
import { OUTPUT_PIPE_SDDL } from './pipe-acl.js';

export interface OutputPipe {
  /** Read end, overlapped: give it to libuv (socketFromPipe). */
  readonly server: Owned;
  /** Write end for the child: put it in the handle list, close it once the child has started. */
  readonly child: Owned;
}

export function createOutputPipe(label: string): OutputPipe {
  const name = `\\\\.\\pipe\\Tandem\\output-${label}-${randomBytes(12).toString('hex')}`;
  const { descriptor, attributes } = descriptorFromSddl(OUTPUT_PIPE_SDDL);
  let server: Owned | undefined;
  let child: Owned | undefined;
  try {
    const openMode = PIPE.ACCESS_INBOUND | FILE_FLAG.OVERLAPPED | FILE_FLAG.FIRST_PIPE_INSTANCE;
    const pipeMode = PIPE.TYPE_BYTE | PIPE.READMODE_BYTE | PIPE.WAIT | PIPE.REJECT_REMOTE_CLIENTS;
    server = ownHandle(checkHandle('CreateNamedPipeW', kernel32().CreateNamedPipeW(name, openMode, pipeMode, 1, 0, 64 * 1024, 0, attributes), name), `output pipe ${label}`);
    child = ownHandle(checkHandle('CreateFileW', kernel32().CreateFileW(name, GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null), name), `child end of ${label}`);
    // The client end is already open, so this completes at once (ERROR_PIPE_CONNECTED).
    const overlapped = Buffer.alloc(koffi().sizeof(win32Types().OVERLAPPED));
    if (kernel32().ConnectNamedPipe(server.value, koffi().address(overlapped)) === 0) {
      const code = lastError();
      if (code !== ERROR.PIPE_CONNECTED) throw new Win32Error('ConnectNamedPipe', code, name);
    }
    const result = { server, child };
    server = undefined;
    child = undefined;
    return result;
  } finally {
    descriptor.close();
    closeAll(child, server);
  }
}
