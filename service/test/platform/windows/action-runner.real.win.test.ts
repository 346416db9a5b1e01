/**
 * Real Windows only (`*.real.win.test.ts`, run by .github/workflows/windows.yml): what Wine cannot
 * show of the action runner (docs/windows-facts.md, Wine gotcha 7 and the token facts). Under
 * Wine the service is not LocalSystem, WTSQueryUserToken returns the service's own token, and a
 * token's integrity level cannot be lowered; here a SYSTEM action runs as LocalSystem in session
 * 0, and a user's action runs as that user unelevated: `whoami /groups` shows Administrators
 * only as "Group used for deny only" (or not at all) and the Medium mandatory level.
 *
 * Needs, from the workflow: an elevated administrator running it (to install the test service and
 * create a folder under C:\), and a logged-on interactive session (the runner's).
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { isTandemError } from '@tandem/shared';
import type { ActionRunResult, Session } from '../../../src/platform/platform.js';
import { WindowsActionRunner } from '../../../src/platform/windows/action-runner.js';
import { runAsLocalSystem } from './as-local-system.js';

const LOCAL_SYSTEM = 'S-1-5-18';
const ADMINISTRATORS = 'S-1-5-32-544';
const MEDIUM = 'S-1-16-8192';

/** whoami's `/fo csv /nh` rows: `"name","type","SID","attributes"` (groups) or `"name","SID"` (user). */
function csvRows(result: ActionRunResult): string[][] {
  assert.equal(result.outcome, 'exited', JSON.stringify(result));
  assert.equal(result.exitCode, 0, result.output);
  return result.output
    .split(/\r?\n/)
    .filter((line) => line.startsWith('"'))
    .map((line) => [...line.matchAll(/"([^"]*)"/g)].map((match) => (match[1] ?? '').trim()));
}

test('a SYSTEM action runs as LocalSystem in session 0; a user action runs as the session user, unelevated, at Medium integrity', async () => {
  const outcome = (await runAsLocalSystem('action-body.js', ['whoami'])) as { session: Session; system: ActionRunResult; systemWhoami: ActionRunResult; userWhoami: ActionRunResult };
  const report = JSON.parse(outcome.system.output) as { sessionId: number; userSid: string };
  assert.equal(report.sessionId, 0);
  assert.equal(report.userSid, LOCAL_SYSTEM);
  assert.equal(csvRows(outcome.systemWhoami)[0]?.[1], LOCAL_SYSTEM);

  const [user, ...groups] = csvRows(outcome.userWhoami);
  assert.equal(user?.[1], outcome.session.userId, `whoami /user: ${outcome.userWhoami.output}`);
  const administrators = groups.find((row) => row[2] === ADMINISTRATORS);
  if (administrators !== undefined) {
    const attributes = administrators[3] ?? '';
    assert.match(attributes, /Group used for deny only/, `BUILTIN\\Administrators: ${attributes}`);
    assert.doesNotMatch(attributes, /Enabled group/, `BUILTIN\\Administrators: ${attributes}`);
  }
  const labels = groups.filter((row) => row[2]?.startsWith('S-1-16-')).map((row) => row[2]);
  assert.deepEqual(labels, [MEDIUM], `the mandatory label is not Medium alone:\n${outcome.userWhoami.output}`);
});

test('checkProgram refuses a program in a new folder under C:\\, which Authenticated Users may modify, naming the folder and the account', async () => {
  const dir = `C:\\tandem-action-writable-${randomBytes(4).toString('hex')}`;
  mkdirSync(dir);
  try {
    const program = path.win32.join(dir, 'tool.exe');
    copyFileSync(path.win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'whoami.exe'), program);
    await assert.rejects(new WindowsActionRunner().checkProgram(program), (error: unknown) => {
      assert.ok(isTandemError(error, 'E_FORBIDDEN'), String(error));
      assert.match(error.message, new RegExp(`^  ${dir.replaceAll('\\', '\\\\')}: [^\\n]*Authenticated Users[^\\n]* may `, 'm'));
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
