/**
 * Tray actions end to end in console mode: the real service with its headless agent, real
 * programs, an administrator defining actions with tandemctl and the session's user running them
 * with tandemctl's user-role mode over the session's own endpoint.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { socketAddress } from '@tandem/shared';
import { connectAdmin } from '../../src/cli/admin-client.js';
import { hangPids, isRunning, programFolder } from '../platform/console/action-programs.js';
import { eventually, startService, type RunningService } from './console-harness.js';

/** Peak resident memory of a process, in MiB (Linux). */
function peakRssMib(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) / 1024;
}

/** The lines the session's agent logged about action `id` (the service logs its agents' output). */
function agentActionLines(service: RunningService, id: string): string[] {
  return service
    .logText()
    .split('\n')
    .filter((line) => line.includes(`agent: action ${id} `));
}

describe('console service, tray actions', () => {
  it('runs what an administrator defined when the session asks: success, exit 3, a hang with children, a flood', { timeout: 120_000 }, async () => {
    const programs = programFolder();
    const pidFile = path.join(programs.dir, 'hang.pids');
    const service = startService();
    try {
      const status = await eventually('a connected agent', async () => {
        const s = await service.status();
        return s.agents[0]?.connected === true ? s : undefined;
      });
      const session = String(status.sessions[0]?.id);
      const actions = [
        { id: 'sync', label: 'Sync now', program: programs.program('succeed') },
        { id: 'fail', label: 'Fail', program: programs.program('exit3') },
        { id: 'hang', label: 'Hang', program: programs.program('hang'), args: [pidFile], timeLimitMs: 3_000 },
        { id: 'flood', label: 'Flood', program: programs.program('flood'), timeLimitMs: 8_000 },
      ];
      const defined = service.ctl('config', 'set', 'tray.actions', JSON.stringify(actions));
      assert.equal(defined.code, 0, defined.stderr);
      await eventually("the agent's new settings", () => (/config changed: 0 links, 4 actions/.test(service.logText()) ? true : undefined));

      const ok = service.ctl('--endpoint', session, 'actions', 'run', 'sync');
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /Sync now: succeeded after \S+ m?s, exit code 0; 15 bytes of output\.\nSynced 3 files\n$/);
      await eventually('the agent to log the end', () => (agentActionLines(service, 'sync').some((line) => line.includes('Succeeded — Synced 3 files')) ? true : undefined));

      const failed = service.ctl('--endpoint', session, 'actions', 'run', 'fail');
      assert.equal(failed.code, 1);
      assert.match(failed.stdout, /Fail: failed after \S+ m?s, exit code 3; 10 bytes of output\.\ndisk full\n$/);

      const hang = service.ctl('--endpoint', session, 'actions', 'run', 'hang');
      assert.equal(hang.code, 1);
      assert.match(hang.stdout, /Hang: timed-out after 3\.\d s; 0 bytes of output\.\nWhy: it did not finish within 3 s and was ended\n$/);
      const pids = hangPids(pidFile);
      assert.ok(pids !== undefined, 'the hanging program wrote its pids');
      await eventually(`every process of the hang (${pids.join(', ')}) to be gone`, () => (pids.every((pid) => !isRunning(pid)) ? true : undefined));

      const pid = service.process.pid;
      assert.ok(pid !== undefined);
      const peakBefore = peakRssMib(pid);
      const flood = service.ctl('--endpoint', session, 'actions', 'run', 'flood', '--no-wait');
      assert.equal(flood.code, 0, flood.stderr);
      // While it floods, the service answers: a status round trip, as many as fit in the run.
      const admin = await connectAdmin({ address: socketAddress(service.runtimeDir, 'admin'), client: 'e2e/1' });
      try {
        let roundTrips = 0;
        for (;;) {
          const [answer, { running }] = await Promise.all([admin.call('status', {}), admin.call('actions.list', {})]);
          assert.equal(answer.pid, pid);
          if (running.length === 0) break;
          roundTrips++;
        }
        assert.ok(roundTrips > 0, 'at least one status round trip while the flood ran');
        const [end] = (await admin.call('actions.history', { limit: 1 })).runs;
        assert.deepEqual([end?.actionId, end?.outcome], ['flood', 'timed-out']);
        assert.ok((end?.outputBytes ?? 0) > 64 * 1024, `${end?.outputBytes} bytes read: past the bound`);
      } finally {
        admin.close();
      }
      const growth = peakRssMib(pid) - peakBefore;
      assert.ok(growth < 64, `the service's peak memory grew by ${growth.toFixed(0)} MiB during the flood`);

      const history = service.ctl('actions', 'history');
      assert.equal(history.code, 0, history.stderr);
      // STARTED RUN ACTION SESSION BY (two words: the account, its role) OUTCOME EXIT DURATION
      const rows = history.stdout.trim().split('\n').slice(1);
      assert.deepEqual(
        rows.map((row) => row.split(/\s+/).filter((_, i) => i === 2 || i === 3 || i === 6)),
        [
          ['flood', session, 'timed-out'],
          ['hang', session, 'timed-out'],
          ['fail', session, 'failed'],
          ['sync', session, 'succeeded'],
        ],
      );
      assert.ok(agentActionLines(service, 'hang').some((line) => line.includes('Timed out')));
      assert.equal(service.process.exitCode, null, 'the service is still up');
    } finally {
      await service.stop();
    }
  });
});
