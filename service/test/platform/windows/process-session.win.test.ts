import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { processSessionId } from '../../../src/platform/windows/process-session.js';
import { Win32Error } from '../../../src/platform/windows/win32/win32-error.js';

test('ProcessIdToSessionId: a child runs in its parent’s session, and a pid that names no process is an error naming the API', async () => {
  const own = processSessionId();
  assert.ok(Number.isInteger(own) && own >= 0, `session ${own}`);
  assert.equal(processSessionId(process.pid), own);
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  try {
    await once(child, 'spawn');
    assert.equal(processSessionId(child.pid), own);
  } finally {
    child.kill();
  }
  // Process ids are multiples of 4 and far below this one.
  assert.throws(() => processSessionId(0x7ffffff8), (error: unknown) => error instanceof Win32Error && /^ProcessIdToSessionId failed: \d+.*\(process 2147483640\)$/.test(error.message));
});
