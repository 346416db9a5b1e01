/**
 * The Windows action runner. Runs that depend on who runs them go through a LocalSystem service,
 * as in production (as-local-system.ts, fixtures/action-body.ts); the rest run from the test
 * process, through the same launch path.
 *
 * Under Wine the service runs as the Unix user in session 1, not as LocalSystem in session 0,
 * and WTSQueryUserToken hands back the service's own token (docs/windows-facts.md, Wine gotcha
 * 7): so a SYSTEM action is shown to run as the service's account in the service's session, and
 * a user action as the session's user in that session, but the two accounts are one here.
 * action-runner.real.win.test.ts shows SYSTEM, session 0 and an unelevated user on Windows.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isTandemError } from '@tandem/shared';
import type { ActionRunResult, Session } from '../../../src/platform/platform.js';
import { systemPath } from '../../../src/platform/windows/action-environment.js';
import { WindowsActionRunner } from '../../../src/platform/windows/action-runner.js';
import { setPathDacl } from '../../../src/platform/windows/win32/security.js';
import { runAsLocalSystem } from './as-local-system.js';

const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'action-probe.js');
const systemRoot = process.env.SystemRoot ?? 'C:\\Windows';
const whoami = path.win32.join(systemRoot, 'System32', 'whoami.exe');
const session: Session = { id: 1, user: 'test', userId: 'S-1-5-21-0-0-0-1000', logonId: '0-1', state: 'active', remote: false, console: true };
const runner = new WindowsActionRunner();

interface Report {
  readonly pid: number;
  readonly sessionId: number;
  readonly userSid: string;
  readonly elevated: boolean;
  readonly integrity: number;
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly stdinBytes: number;
}

/** What the action environment may hold: action-environment.ts's list, and the WINE* variables Wine adds to every process it starts. */
const ALLOWED = new Set(
  'ALLUSERSPROFILE APPDATA CommonProgramFiles CommonProgramFiles(x86) CommonProgramW6432 COMPUTERNAME ComSpec HOMEDRIVE HOMEPATH LOCALAPPDATA NUMBER_OF_PROCESSORS OS PATH PATHEXT PROCESSOR_ARCHITECTURE ProgramData ProgramFiles ProgramFiles(x86) ProgramW6432 PUBLIC SystemDrive SystemRoot TEMP TMP USERDOMAIN USERNAME USERPROFILE windir'
    .split(' ')
    .map((name) => name.toUpperCase()),
);

function report(result: ActionRunResult): Report {
  assert.equal(result.outcome, 'exited', `the probe did not run to its end: ${JSON.stringify(result)}`);
  assert.equal(result.exitCode, 0);
  return JSON.parse(result.output) as Report;
}

function assertMinimalEnvironment(env: Record<string, string>): void {
  const extra = Object.keys(env).filter((name) => !ALLOWED.has(name.toUpperCase()) && !/^WINE/i.test(name));
  assert.deepEqual(extra, [], 'variables beyond the minimal environment');
  assert.equal(env.TANDEM_SERVICE_ONLY, undefined);
  assert.ok(env.SystemRoot, 'SystemRoot is kept');
}

test('a SYSTEM action runs as the service, in its session; a user action as the session user, in the session, unelevated; both with stdin at its end and a minimal environment', async () => {
  const outcome = (await runAsLocalSystem('action-body.js', ['identity'])) as { service: { sessionId: number; userSid: string }; session: Session; system: ActionRunResult; user: ActionRunResult };
  const system = report(outcome.system);
  assert.equal(system.sessionId, outcome.service.sessionId);
  assert.equal(system.userSid, outcome.service.userSid);
  assert.equal(system.cwd.toLowerCase(), path.win32.dirname(process.execPath).toLowerCase());
  assert.equal(system.env.PATH, systemPath(system.env.SystemRoot ?? ''));
  assert.equal(system.stdinBytes, 0);
  assertMinimalEnvironment(system.env);

  const user = report(outcome.user);
  assert.equal(user.sessionId, outcome.session.id);
  assert.equal(user.userSid, outcome.session.userId);
  assert.equal(user.elevated, false);
  assert.equal(user.cwd.toLowerCase(), String(user.env.USERPROFILE).toLowerCase());
  assert.equal(user.stdinBytes, 0);
  assertMinimalEnvironment(user.env);
});

test('at the time limit the program and the child it started are ended, as SYSTEM and as the user; the run reports timed-out', async () => {
  type Hang = { result: ActionRunResult; pids: number[]; running: number[] };
  const outcome = (await runAsLocalSystem('action-body.js', ['time-limit'])) as { system: Hang; user: Hang };
  for (const [runAs, hang] of Object.entries(outcome)) {
    assert.equal(hang.result.outcome, 'timed-out', `${runAs}: ${JSON.stringify(hang.result)}`);
    assert.equal(hang.result.exitCode, null);
    assert.equal(hang.pids.length, 2, `${runAs}: the program and its child printed their pids before the limit: ${hang.result.output}`);
    assert.deepEqual(hang.running, [], `${runAs}: still running after the run ended`);
  }
});

test('when the service stops (the spec\'s signal) the run ends at once, long before its time limit', { timeout: 120_000 }, async () => {
  const stopping = new AbortController();
  // A time limit beyond the test's own timeout: only the signal can end this run in time.
  const run = runner.run({ program: process.execPath, args: [probe, 'hang'], runAs: 'system', session, timeLimitMs: 3_600_000, outputLimitBytes: 1024, signal: stopping.signal });
  stopping.abort();
  const result = await run;
  assert.equal(result.outcome, 'timed-out', JSON.stringify(result));
  assert.equal(result.exitCode, null);
});

test('the exit code is reported, with stdout and stderr in one output', async () => {
  const result = await runner.run({ program: process.execPath, args: [probe, 'exit-3'], runAs: 'system', session, timeLimitMs: 60_000, outputLimitBytes: 1024 });
  assert.equal(result.outcome, 'exited');
  assert.equal(result.exitCode, 3);
  assert.deepEqual(result.output.split('\n').filter(Boolean).sort(), ['a line on stderr', 'a line on stdout']);
  assert.equal(result.outputBytes, Buffer.byteLength(result.output));
});

test('a flood of output is counted to the last byte and kept only up to the limit', async () => {
  const flood = 8 * 1024 * 1024;
  const result = await runner.run({ program: process.execPath, args: [probe, 'flood', String(flood)], runAs: 'system', session, timeLimitMs: 120_000, outputLimitBytes: 4096 });
  assert.equal(result.outcome, 'exited');
  assert.equal(result.exitCode, 0);
  assert.equal(result.outputBytes, flood);
  assert.equal(result.output, 'x'.repeat(4096));
});

test('a program that cannot start settles as failed-to-start with the Win32 error, not naming the program', async () => {
  const missing = path.win32.join(systemRoot, 'System32', 'tandem-no-such-program.exe');
  const result = await runner.run({ program: missing, args: [], runAs: 'system', session, timeLimitMs: 10_000, outputLimitBytes: 1024 });
  assert.equal(result.outcome, 'failed-to-start');
  assert.equal(result.exitCode, null);
  assert.match(result.error ?? '', /^CreateProcessW failed: (2|3) ERROR_(FILE|PATH)_NOT_FOUND$/);
  const relative = await runner.run({ program: 'whoami.exe', args: [], runAs: 'system', session, timeLimitMs: 10_000, outputLimitBytes: 1024 });
  assert.equal(relative.outcome, 'failed-to-start');
  assert.match(relative.error ?? '', /not a drive-absolute path/);
  assert.doesNotMatch(relative.error ?? '', /whoami/);
});

test('checkProgram accepts a program only trusted accounts can change', async () => {
  await runner.checkProgram(whoami);
});

test('checkProgram refuses a missing program, a relative path and a folder, naming the path', async () => {
  const missing = path.win32.join(systemRoot, 'System32', 'tandem-no-such-program.exe');
  await assert.rejects(runner.checkProgram(missing), (error: unknown) => isTandemError(error, 'E_NOT_FOUND') && error.message.includes(missing));
  await assert.rejects(runner.checkProgram('whoami.exe'), (error: unknown) => isTandemError(error, 'E_INVALID_PARAMS') && error.message.includes('`whoami.exe`'));
  const folder = path.win32.join(systemRoot, 'System32');
  await assert.rejects(runner.checkProgram(folder), (error: unknown) => isTandemError(error, 'E_INVALID_PARAMS') && error.message.includes(`${folder} is a folder`));
});

test('checkProgram refuses a program in a folder everyone may write, naming the folder and the account', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-action-'));
  try {
    const program = path.win32.join(dir, 'tool.exe');
    copyFileSync(whoami, program);
    setPathDacl(dir, 'D:P(A;OICI;FA;;;WD)(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)');
    await assert.rejects(runner.checkProgram(program), (error: unknown) => {
      assert.ok(isTandemError(error, 'E_FORBIDDEN'), String(error));
      assert.match(error.message, new RegExp(`^  ${dir.replaceAll('\\', '\\\\')}: [^\\n]*Everyone[^\\n]* may [^\\n]*write`, 'm'));
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
