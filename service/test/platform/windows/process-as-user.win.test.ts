/**
 * The agent launcher, run where it runs in production: inside a LocalSystem service (see
 * as-local-system.ts), launching the child probe into the interactive session.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentExit, Session } from '../../../src/platform/platform.js';
import { runAsLocalSystem } from './as-local-system.js';

interface Launch {
  readonly session: Session;
  readonly exit: AgentExit;
  readonly lines: Array<{ stream: string; line: string }>;
}

test('the agent starts in the session, unelevated, with its endpoint, session and the profile as cwd; output arrives line by line', async () => {
  const { session, exit, lines } = (await runAsLocalSystem('launch-body.js', ['report'])) as Launch;
  assert.deepEqual(exit, { code: 7, signal: null });
  const stdout = lines.filter((l) => l.stream === 'stdout').map((l) => l.line);
  const report = JSON.parse(stdout.find((l) => l.startsWith('{')) ?? '{}') as Record<string, unknown>;
  assert.equal(report.endpoint, '\\\\.\\pipe\\Tandem\\agent-test');
  assert.equal(report.sessionEnv, String(session.id));
  assert.equal(report.sessionId, session.id);
  assert.equal(report.elevated, false);
  assert.equal(String(report.cwd).toLowerCase(), String(report.userProfile).toLowerCase());
  assert.ok(stdout.includes('second stdout line'));
  assert.deepEqual(lines.filter((l) => l.stream === 'stderr').map((l) => l.line), ['a line on stderr']);
});

test('the agent inherits only its three stdio handles', async () => {
  const { lines } = (await runAsLocalSystem('launch-body.js', ['handles'])) as Launch;
  assert.deepEqual(lines.map((l) => l.line), ["event opened by name: true; parent's handle inherited: false"]);
});

test('terminate() ends the agent and everything it started (job object)', async () => {
  const outcome = (await runAsLocalSystem('launch-body.js', ['spawn-and-wait'])) as { exit: AgentExit; grandchildRanBefore: boolean; agentRunsAfter: boolean; grandchildRunsAfter: boolean };
  assert.equal(outcome.grandchildRanBefore, true);
  assert.equal(outcome.exit.signal, 'SIGKILL');
  assert.equal(outcome.agentRunsAfter, false);
  assert.equal(outcome.grandchildRunsAfter, false);
});
