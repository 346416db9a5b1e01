/**
 * Tray actions in the service core, over the real protocol, against a fake ActionRunner whose
 * runs end when the test says: what runs, the gate, refusals, events, history and the audit log.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TandemError, type ActionFinished, type ActionStarted } from '@tandem/shared';
import type { ActionAuditEntry } from '../../src/core/audit-log.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import { FakeActionRunner } from './fakes.js';
import { startHarness, type Client, type Harness, type HarnessOptions } from './service-harness.js';
import { until } from './until.js';

const SYNC = { id: 'sync', label: 'Sync now', program: '/opt/contoso/bin/sync', args: ['--all', '--quiet'], runAs: 'system', timeLimitMs: 30_000, cooldownMs: 10_000 };
const REPAIR = { id: 'repair', label: 'Repair', program: '/opt/contoso/bin/repair', runAs: 'user' };
const alice = { id: 'S-1-5-21-1111-2222-3333-1001', name: 'CONTOSO\\alice' };

type Heard = ({ event: 'started' } & ActionStarted) | ({ event: 'finished' } & ActionFinished);

/** Every action event a client receives, in order. */
function listen(client: Client): Heard[] {
  const heard: Heard[] = [];
  client.on('action.started', (data) => void heard.push({ event: 'started', ...data }));
  client.on('action.finished', (data) => void heard.push({ event: 'finished', ...data }));
  return heard;
}

/** Time that a test moves on by hand, for cooldowns; timers are real. */
class ShiftedClock implements Clock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  setTimer(ms: number, fn: () => void) {
    return systemClock.setTimer(ms, fn);
  }
}

interface Rig {
  readonly h: Harness;
  readonly runner: FakeActionRunner;
  readonly admin: Client;
}

/** A service with sessions 1 (alice) and 2 (bob), SYNC and REPAIR defined; closes everything after `body`. */
async function withActions(body: (rig: Rig) => Promise<void>, options: HarnessOptions & { sessions?: never } = {}, sessionCount = 2): Promise<void> {
  const runner = new FakeActionRunner();
  const h = await startHarness({ actions: runner, ...options });
  const admin = await h.admin();
  try {
    for (let id = 1; id <= sessionCount; id++) h.sessions.logon(id, ['alice', 'bob', 'carol'][id - 1] ?? `user${id}`);
    await h.service.adopted;
    await until(() => h.service.status().sessions.length === sessionCount, 'the sessions');
    await admin.call('config.set', { key: 'tray.actions', value: [SYNC, REPAIR] });
    await body({ h, runner, admin });
  } finally {
    admin.close();
    await h.stop();
  }
}

function actionEntries(dataDir: string): ActionAuditEntry[] {
  return readFileSync(path.join(dataDir, 'audit.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ActionAuditEntry)
    .filter((entry) => entry.action.startsWith('action.'));
}

describe('tray actions', () => {
  it("runs the definition, not the request, in the requester's session, and tells that session and the administrators", async () => {
    await withActions(async ({ h, runner, admin }) => {
      const user = await h.user(1);
      const other = await h.user(2);
      const heard = listen(user);
      const heardByOther = listen(other);
      const heardByAdmin = listen(admin);
      const started = await user.call('agent.action', { id: 'sync' });
      assert.deepEqual({ ...started, runId: typeof started.runId, startedAt: typeof started.startedAt }, { runId: 'string', actionId: 'sync', label: 'Sync now', sessionId: 1, by: 'user', startedAt: 'string' });
      await until(() => runner.runs.length === 1, 'the run');
      const { spec } = runner.runs[0] ?? assert.fail('no run');
      assert.deepEqual(
        { program: spec.program, args: spec.args, runAs: spec.runAs, session: spec.session.id, timeLimitMs: spec.timeLimitMs, outputLimitBytes: spec.outputLimitBytes },
        { program: SYNC.program, args: SYNC.args, runAs: 'system', session: 1, timeLimitMs: 30_000, outputLimitBytes: 64 * 1024 },
      );
      runner.runs[0]?.finish({ exitCode: 0, output: 'Synced 3 files\n', outputBytes: 15, durationMs: 1234.4 });
      await until(() => heard.length === 2 && heardByAdmin.length === 2, 'both events');
      assert.deepEqual(
        heard.map((e) => [e.event, e.runId]),
        [
          ['started', started.runId],
          ['finished', started.runId],
        ],
      );
      const finished = heard[1];
      assert.ok(finished?.event === 'finished');
      assert.deepEqual(
        { outcome: finished.outcome, exitCode: finished.exitCode, reason: finished.reason, summary: finished.summary, outputBytes: finished.outputBytes, durationMs: finished.durationMs },
        { outcome: 'succeeded', exitCode: 0, reason: null, summary: 'Synced 3 files', outputBytes: 15, durationMs: 1234 },
      );
      assert.deepEqual(heardByAdmin, heard, 'administrators hear of every run');
      assert.deepEqual(heardByOther, [], 'another session hears nothing');
      const [record] = (await admin.call('actions.history', {})).runs;
      assert.deepEqual(
        { runId: record?.runId, outcome: record?.outcome, by: record?.requester.role, account: record?.requester.account, output: record?.output },
        { runId: started.runId, outcome: 'succeeded', by: 'user', account: { id: String(os.userInfo().uid), name: os.userInfo().username }, output: 'Synced 3 files' },
      );
    });
  });

  it('reports an exit code, a timeout and a program that did not start, each in words that never name the program', async () => {
    await withActions(async ({ h, runner, admin }) => {
      const users = [await h.user(1), await h.user(2)];
      const heard = users.map(listen);
      await users[0]?.call('agent.action', { id: 'sync' });
      await users[1]?.call('agent.action', { id: 'sync' });
      await users[0]?.call('agent.action', { id: 'repair' });
      await until(() => runner.runs.length === 3, 'three runs');
      runner.runs[0]?.finish({ exitCode: 3, output: 'disk full\n', outputBytes: 10 });
      runner.runs[1]?.finish({ outcome: 'timed-out', exitCode: null, output: 'still working', outputBytes: 13, durationMs: 30_000 });
      runner.runs[2]?.finish({ outcome: 'failed-to-start', exitCode: null, error: `cannot start ${REPAIR.program}: ENOEXEC` });
      await until(() => heard[0]?.length === 4 && heard[1]?.length === 2, 'every end');
      const ends = [...(heard[0] ?? []), ...(heard[1] ?? [])].flatMap((e) => (e.event === 'finished' ? [[e.actionId, e.outcome, e.exitCode, e.reason, e.summary]] : []));
      // Runs end independently: their order is not the test's business.
      assert.deepEqual(ends.sort((a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[2]).localeCompare(String(b[2]))), [
        ['sync', 'failed', 3, null, 'disk full'],
        ['repair', 'failed', null, 'its program could not be started; your administrator can see why in the service', ''],
        ['sync', 'timed-out', null, 'it did not finish within 30 s and was ended', 'still working'],
      ]);
      const failedToStart = (await admin.call('actions.history', {})).runs.find((run) => run.actionId === 'repair');
      assert.equal(failedToStart?.reason, `cannot start ${REPAIR.program}: ENOEXEC`, 'the administrator gets the platform\'s words');
    });
  });

  it('runs one of an action per session at a time; other sessions and other actions go ahead', async () => {
    await withActions(async ({ h, runner }) => {
      const one = await h.user(1);
      const heard = listen(one);
      await one.call('agent.action', { id: 'sync' });
      await assert.rejects(one.call('agent.action', { id: 'sync' }), { code: 'E_CONFLICT', message: 'Sync now is already running in this session; wait for it to finish' });
      await (await h.user(2)).call('agent.action', { id: 'sync' });
      await one.call('agent.action', { id: 'repair' });
      await until(() => runner.runs.length === 3, 'three runs');
      assert.deepEqual(
        runner.runs.map((run) => [run.spec.session.id, run.spec.program]),
        [
          [1, SYNC.program],
          [2, SYNC.program],
          [1, REPAIR.program],
        ],
      );
      const refusal = heard.find((e) => e.event === 'finished');
      assert.deepEqual(refusal?.event === 'finished' && [refusal.outcome, refusal.reason], ['refused', 'Sync now is already running in this session; wait for it to finish']);
    });
  });

  it('caps the runs of the whole computer, and takes one again when a run ends', async () => {
    await withActions(
      async ({ h, runner }) => {
        const first = await h.user(1);
        const heard = listen(first);
        await first.call('agent.action', { id: 'sync' });
        await (await h.user(2)).call('agent.action', { id: 'sync' });
        const third = await h.user(3);
        await assert.rejects(third.call('agent.action', { id: 'sync' }), { code: 'E_CONFLICT', message: /^2 actions are already running on this computer/ });
        runner.runs[0]?.finish();
        // The slot is free once the run's end is told.
        await until(() => heard.some((e) => e.event === 'finished'), 'a run to end');
        await third.call('agent.action', { id: 'sync' });
        await until(() => runner.live.length === 2, 'the third run');
      },
      { actionLimits: { maxConcurrentRuns: 2 } },
      3,
    );
  });

  it('holds a session back for the cooldown once its run ended; not other sessions, not administrators', async () => {
    const clock = new ShiftedClock();
    await withActions(
      async ({ h, runner, admin }) => {
        const one = await h.user(1);
        const heard = listen(one);
        await one.call('agent.action', { id: 'sync' });
        clock.offset += 60_000; // a long run: the cooldown counts from its end
        runner.runs[0]?.finish();
        await until(() => heard.some((e) => e.event === 'finished'), 'the end');
        clock.offset += 7_500;
        await assert.rejects(one.call('agent.action', { id: 'sync' }), { code: 'E_CONFLICT', message: 'Sync now ran a moment ago; it can run again in 3 s' });
        await one.call('agent.action', { id: 'repair' });
        await (await h.user(2)).call('agent.action', { id: 'sync' });
        const heardByAdmin = listen(admin);
        const byAdmin = await admin.call('actions.run', { id: 'sync', sessionId: 1 });
        assert.equal(byAdmin.by, 'admin');
        await until(() => runner.runs.length === 4, 'the runs');
        runner.runs[3]?.finish();
        await until(() => heardByAdmin.some((e) => e.event === 'finished' && e.runId === byAdmin.runId), "the administrator's run to end");
        clock.offset += 2_600;
        await one.call('agent.action', { id: 'sync' });
      },
      { clock },
    );
  });

  it('refuses ids that are not defined, actions removed since the tray learned them, and agent.action from the admin endpoint', async () => {
    await withActions(async ({ h, runner, admin }) => {
      const user = await h.user(1);
      await assert.rejects(user.call('agent.action', { id: 'format-c' }), { code: 'E_NOT_FOUND', message: 'no action `format-c` is defined; an administrator defines them in tray.actions' });
      await admin.call('config.set', { key: 'tray.actions', value: [REPAIR] });
      await assert.rejects(user.call('agent.action', { id: 'sync' }), { code: 'E_NOT_FOUND' });
      await assert.rejects(admin.call('agent.action', { id: 'repair' }), { code: 'E_FORBIDDEN', message: "agent.action is for a session's agent connection" });
      await assert.rejects(admin.call('actions.run', { id: 'repair', sessionId: 9 }), { code: 'E_NOT_FOUND', message: 'session 9 is not tracked by the service' });
      await admin.call('config.reset', { key: 'tray.actions' });
      await assert.rejects(user.call('agent.action', { id: 'repair' }), { code: 'E_NOT_FOUND' });
      assert.equal(runner.runs.length, 0);
    });
  });

  it('checks the program again before each run: a user hears it cannot be used, an administrator why', async () => {
    await withActions(async ({ h, runner, admin }) => {
      const why = `the program ${SYNC.program} cannot be used: /opt/contoso can be changed by other accounts`;
      runner.refused.set(SYNC.program, new TandemError('E_FORBIDDEN', why));
      const user = await h.user(1);
      const heard = listen(user);
      await assert.rejects(user.call('agent.action', { id: 'sync' }), {
        code: 'E_FORBIDDEN',
        message: 'Sync now was not run: its program cannot be used at the moment; your administrator can see why in the service',
      });
      await assert.rejects(admin.call('actions.run', { id: 'sync', sessionId: 1 }), { code: 'E_FORBIDDEN', message: `sync: E_FORBIDDEN: ${why}` });
      await until(() => heard.length === 2, 'two refusals');
      assert.ok(heard.every((e) => e.event === 'finished' && e.outcome === 'refused' && !JSON.stringify(e).includes('/opt/contoso')));
      assert.equal(runner.runs.length, 0);
      assert.deepEqual(runner.checked.slice(-2), [SYNC.program, SYNC.program]);
      runner.refused.delete(SYNC.program);
      await user.call('agent.action', { id: 'sync' });
      await until(() => runner.runs.length === 1, 'the run once the program is fine again');
    });
  });

  it('audits every run and refusal with the authenticated requester, session, action, program, outcome, exit code and duration', async () => {
    await withActions(
      async ({ h, runner, admin }) => {
        const user = await h.user(2, 'claims to be SYSTEM/1');
        const { runId } = await user.call('agent.action', { id: 'sync' });
        await assert.rejects(user.call('agent.action', { id: 'sync' }), { code: 'E_CONFLICT' });
        await until(() => runner.runs.length === 1, 'the run');
        runner.runs[0]?.finish({ exitCode: 4, outputBytes: 99, durationMs: 2_000 });
        await until(() => actionEntries(h.dataDir).length === 3, 'three entries');
        const byAdmin = await admin.call('actions.run', { id: 'repair', sessionId: 2 });
        await until(() => actionEntries(h.dataDir).length === 4, 'the administrator\'s run');
        const me = { id: String(os.userInfo().uid), name: os.userInfo().username };
        const [started, refused, finished, adminStarted] = actionEntries(h.dataDir);
        assert.deepEqual(started?.caller, { account: me, endpoint: 'agent:2', role: 'user', pid: null, client: 'claims to be SYSTEM/1' });
        assert.deepEqual(
          { ...started, at: undefined, caller: undefined },
          { at: undefined, caller: undefined, action: 'action.started', runId, actionId: 'sync', sessionId: 2, runAs: 'system', program: SYNC.program, args: SYNC.args },
        );
        assert.deepEqual(
          [refused?.action, refused?.outcome, refused?.reason],
          ['action.refused', 'refused', 'E_CONFLICT: Sync now is already running in this session; wait for it to finish'],
        );
        assert.deepEqual(
          [finished?.action, finished?.runId, finished?.outcome, finished?.exitCode, finished?.durationMs, finished?.outputBytes],
          ['action.finished', runId, 'failed', 4, 2_000, 99],
        );
        assert.deepEqual([adminStarted?.runId, adminStarted?.caller.account, adminStarted?.caller.role], [byAdmin.runId, alice, 'admin']);
        assert.deepEqual(h.record.configChanged.length, 1, 'only the configuration change goes to the Event Log');
      },
      { adminAccount: alice },
    );
  });

  it("runs an administrator's request in the only session, or the one named, and says when it cannot choose", async () => {
    await withActions(
      async ({ runner, admin }) => {
        assert.equal((await admin.call('actions.run', { id: 'sync' })).sessionId, 1);
        await until(() => runner.runs.length === 1, 'the run');
      },
      {},
      1,
    );
    await withActions(async ({ admin }) => {
      await assert.rejects(admin.call('actions.run', { id: 'sync' }), { code: 'E_INVALID_PARAMS', message: 'several sessions are logged on (1, 2); say which with --session <id>' });
      assert.equal((await admin.call('actions.run', { id: 'sync', sessionId: 2 })).sessionId, 2);
      const { actions, running } = await admin.call('actions.list', {});
      assert.deepEqual(
        actions.map((action) => [action.id, action.program, action.cooldownMs]),
        [
          ['sync', SYNC.program, 10_000],
          ['repair', REPAIR.program, 10_000],
        ],
      );
      assert.deepEqual(
        running.map((run) => [run.actionId, run.sessionId, run.outcome]),
        [['sync', 2, null]],
      );
    });
  });

  it('ends the runs in progress when the service stops, and records them as cancelled', async () => {
    const runner = new FakeActionRunner();
    const h = await startHarness({ actions: runner });
    h.sessions.logon(1, 'alice');
    await h.service.adopted;
    const admin = await h.admin();
    await admin.call('config.set', { key: 'tray.actions', value: [SYNC] });
    const { runId } = await admin.call('actions.run', { id: 'sync', sessionId: 1 });
    await until(() => runner.runs.length === 1, 'the run');
    admin.close();
    await h.stop();
    assert.equal(runner.runs[0]?.spec.signal?.aborted, true);
    const finished = actionEntries(h.dataDir).find((entry) => entry.action === 'action.finished');
    assert.deepEqual([finished?.runId, finished?.outcome, finished?.reason], [runId, 'cancelled', 'the Tandem service stopped while it ran, and ended it']);
  });
});
