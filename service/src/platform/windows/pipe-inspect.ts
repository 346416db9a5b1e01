/**
 * Reads the DACL a pipe really carries, from outside the server, as SDDL. Wine does not enforce
 * pipe DACLs, but it stores and reports them exactly, so comparing this with the constants in
 * pipe-acl.ts proves under Wine what the service set; real Windows also enforces it.
 * Opening the pipe connects to one of its instances: the server sees a client that leaves at once.
 */
import { openPipe } from './pipe-open.js';
import { readHandleDacl } from './win32/security.js';

const READ_CONTROL = 0x20000;

export async function readPipeDacl(address: string): Promise<string> {
  const pipe = await openPipe(address, READ_CONTROL, 0);
  try {
    return readHandleDacl(pipe.value);
  } finally {
    pipe.close();
  }
}
