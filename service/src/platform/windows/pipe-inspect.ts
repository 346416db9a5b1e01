/**
 * Reads the DACL a pipe really carries, from outside the server, as SDDL. Wine does not enforce
 * pipe DACLs, but it stores and reports them exactly, so comparing this with the constants in
 * pipe-acl.ts proves under Wine what the service set; real Windows also enforces it.
 * Opening the pipe connects to one of its instances: the server sees a client that leaves at once.
 */
import { checkHandle } from './win32/call.js';
import { OPEN_EXISTING } from './win32/constants.js';
import { ownHandle } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import { readHandleDacl } from './win32/security.js';

const READ_CONTROL = 0x20000;

export function readPipeDacl(address: string): string {
  const pipe = ownHandle(checkHandle('CreateFileW', kernel32().CreateFileW(address, READ_CONTROL, 0, null, OPEN_EXISTING, 0, null), address), `pipe ${address}`);
  try {
    return readHandleDacl(pipe.value);
  } finally {
    pipe.close();
  }
}
