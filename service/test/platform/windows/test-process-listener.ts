/**
 * An AclPipeListener the test process serves itself. The test process is an administrator, not
 * SYSTEM, and creating any instance of a pipe after the first needs FILE_CREATE_PIPE_INSTANCE from
 * that pipe's own DACL: the service's DACLs grant it to SYSTEM alone, so on Windows such a listener
 * serves one client and then cannot create the next instance (REAL-WINDOWS-REVIEW #1). Wine does
 * not enforce pipe DACLs, so this listener checks what Windows would: when its DACL does not grant
 * this process the right (AccessCheck, which Wine does implement), close() fails a test that let a
 * second client in. Tests with more clients run the listener as LocalSystem (system-listener.ts).
 */
import assert from 'node:assert/strict';
import type { IncomingConnection } from '@tandem/shared';
import { AclPipeListener, type AclPipeListenerOptions } from '../../../src/platform/windows/acl-pipe-listener.js';
import { check } from '../../../src/platform/windows/win32/call.js';
import { TOKEN, TokenImpersonation } from '../../../src/platform/windows/win32/constants.js';
import { kernel32 } from '../../../src/platform/windows/win32/kernel32.js';
import { koffi, type Out, type Pointer } from '../../../src/platform/windows/win32/koffi.js';
import { descriptorFromSddl } from '../../../src/platform/windows/win32/security.js';
import { duplicateToken, openProcessToken } from '../../../src/platform/windows/win32/token.js';

/** The pipe-specific meaning of FILE_APPEND_DATA. */
const FILE_CREATE_PIPE_INSTANCE = 0x4;
/** GENERIC_MAPPING of files and pipes: FILE_GENERIC_READ, _WRITE, _EXECUTE, FILE_ALL_ACCESS. */
const FILE_GENERIC_MAPPING = [0x120089, 0x120116, 0x1200a0, 0x1f01ff];

// Test-only: the product never asks what a DACL grants, it sets DACLs and lets Windows decide.
const accessCheck = (() => {
  const api = koffi()
    .load('advapi32.dll')
    .func(
      'int __stdcall AccessCheck(void *descriptor, void *token, uint32_t desired, void *mapping, void *privileges, _Inout_ uint32_t *privilegesLength, _Out_ uint32_t *granted, _Out_ int *status)',
    );
  return api as (descriptor: Pointer, token: Pointer, desired: number, mapping: Buffer, privileges: Buffer, length: Out<number>, granted: Out<number>, status: Out<number>) => number;
})();

/** Whether a pipe with DACL `sddl` lets this process create further instances of it. */
export function grantsInstanceCreation(sddl: string): boolean {
  // AccessCheck wants an owner and a group; only the DACL decides this right.
  const { descriptor } = descriptorFromSddl(`O:SYG:SY${sddl}`);
  const own = openProcessToken(kernel32().GetCurrentProcess(), TOKEN.QUERY | TOKEN.DUPLICATE);
  const token = duplicateToken(own.value, TokenImpersonation, TOKEN.QUERY);
  try {
    const mapping = Buffer.alloc(16);
    FILE_GENERIC_MAPPING.forEach((mask, i) => mapping.writeUInt32LE(mask, i * 4));
    const privileges = Buffer.alloc(256);
    const granted: Out<number> = [0];
    const status: Out<number> = [0];
    check('AccessCheck', accessCheck(descriptor.value, token.value, FILE_CREATE_PIPE_INSTANCE, mapping, privileges, [privileges.length], granted, status), sddl);
    return status[0] !== 0;
  } finally {
    token.close();
    own.close();
    descriptor.close();
  }
}

export class TestProcessListener {
  readonly address: string;
  readonly #listener: AclPipeListener;
  /** Whether Windows would let this process create a second instance, and so serve a second client. */
  readonly #servesAgain: boolean;
  #clients = 0;

  constructor(options: AclPipeListenerOptions) {
    this.address = options.address;
    this.#servesAgain = grantsInstanceCreation(options.sddl);
    this.#listener = new AclPipeListener({
      ...options,
      onRejected: (reason, client) => {
        if (client !== null) this.#clients++;
        options.onRejected?.(reason, client);
      },
    });
  }

  listen(onConnection: (connection: IncomingConnection) => void): Promise<void> {
    return this.#listener.listen((connection) => {
      this.#clients++;
      onConnection(connection);
    });
  }

  async close(): Promise<void> {
    await this.#listener.close();
    assert.ok(
      this.#servesAgain || this.#clients <= 1,
      `${this.#clients} clients reached ${this.address}, served by this test process: on Windows its DACL lets only SYSTEM create the instance for a second client; serve it as LocalSystem (system-listener.ts)`,
    );
  }
}
