/**
 * Real Windows only (`*.real.win.test.ts`, run by .github/workflows/windows.yml): console mode's
 * pipes keep other local users out, and cannot be squatted (SECURITY.md F7). Wine enforces
 * neither pipe DACLs nor FILE_FLAG_FIRST_PIPE_INSTANCE (docs/windows-facts.md, Wine gotcha 6). Each denial is
 * paired with the same access succeeding for whom it is meant.
 *
 * Needs, from the workflow: a second local account in TANDEM_TEST_OTHER_USER / TANDEM_TEST_OTHER_PASSWORD.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isTandemError } from '@tandem/shared';
import { SocketEndpoints } from '../../../src/platform/console/socket-endpoints.js';
import { lastError } from '../../../src/platform/windows/win32/call.js';
import { GENERIC_READ, GENERIC_WRITE, OPEN_EXISTING, PIPE } from '../../../src/platform/windows/win32/constants.js';
import { kernel32 } from '../../../src/platform/windows/win32/kernel32.js';
import { ERROR } from '../../../src/platform/windows/win32/win32-error.js';
import { asUser, otherUser } from '../windows/other-user.js';
import { echo } from '../windows/pipe-fixtures.js';

const INVALID_HANDLE_VALUE = 0xffffffffffffffffn;

function runtimeDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tandem-console-run-'));
}

/** The Win32 error of opening `address` as a client (0 when it opens). */
function openError(address: string): number {
  const raw = kernel32().CreateFileW(address, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
  if (raw === null || raw === INVALID_HANDLE_VALUE) return lastError();
  kernel32().CloseHandle(raw);
  return 0;
}

/** The Win32 error of creating one more server instance of `address` (0 when it is created). */
function createInstanceError(address: string): number {
  const raw = kernel32().CreateNamedPipeW(address, PIPE.ACCESS_DUPLEX, PIPE.TYPE_BYTE | PIPE.REJECT_REMOTE_CLIENTS, PIPE.UNLIMITED_INSTANCES, 0, 0, 0, null);
  if (raw === null || raw === INVALID_HANDLE_VALUE) return lastError();
  kernel32().CloseHandle(raw);
  return 0;
}

test('another user can neither open a console pipe nor serve an instance of it; its owner can open it', async () => {
  const listener = new SocketEndpoints(runtimeDir()).admin();
  await listener.listen(echo);
  const other = otherUser();
  try {
    assert.equal(asUser(other, () => openError(listener.address)), ERROR.ACCESS_DENIED);
    assert.equal(asUser(other, () => createInstanceError(listener.address)), ERROR.ACCESS_DENIED);
    assert.equal(openError(listener.address), 0);
  } finally {
    other.close();
    await listener.close();
  }
});

test('console mode refuses a pipe name another process created first, and takes it once that process is gone', async () => {
  const dir = runtimeDir();
  const address = new SocketEndpoints(dir).admin().address;
  // A squatter's server, as any local user could create it: libuv's default DACL.
  const squatter = net.createServer();
  await new Promise<void>((resolve, reject) => {
    squatter.once('error', reject);
    squatter.listen(address, resolve);
  });
  try {
    await assert.rejects(new SocketEndpoints(dir).admin().listen(echo), (error: unknown) => isTandemError(error, 'E_CONFLICT') && error.message.includes('another process created this pipe first'));
  } finally {
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
  }
  const listener = new SocketEndpoints(dir).admin();
  await listener.listen(echo);
  await listener.close();
});
