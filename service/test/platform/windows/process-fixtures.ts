/** Looking at and ending processes by pid, for the Windows tests. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { isRunning } from '../../../src/platform/windows/processes.js';

export { isRunning };

/**
 * Ends a process as an administrator ends it: with `taskkill /F`, which enables SeDebugPrivilege
 * first. TerminateProcess from the test process itself cannot end a LocalSystem service: the
 * service's DACL, from SYSTEM's default DACL, gives Administrators read and execute only, and
 * Node never enables SeDebugPrivilege (REAL-WINDOWS-REVIEW #4). Wine grants it either way.
 */
export function kill(pid: number): void {
  const run = spawnSync('taskkill', ['/F', '/PID', String(pid)], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, `taskkill /F /PID ${pid} failed (${run.status ?? run.error?.message}): ${run.stdout}${run.stderr}`);
}
