import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { rolledName } from '../../src/core/rolling-file.js';
import { startHarness, type Harness } from './service-harness.js';
import { readZip } from './zip-reader.js';

/**
 * CPU time of this process's main thread in ms (Linux, in 10 ms ticks), or undefined elsewhere.
 * Unlike wall-clock gaps, it does not grow when busy loops elsewhere take the CPU away from us,
 * so it shows how long the service itself held the event loop.
 */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

const logLine = (fields: Record<string, unknown>): string => `${JSON.stringify({ level: 30, time: Date.now() + 1, pid: 1, ...fields })}\n`;

async function withTwoSessions(run: (h: Harness) => Promise<void>, options: Parameters<typeof startHarness>[0] = {}): Promise<void> {
  const h = await startHarness(options);
  try {
    h.sessions.logon(1, 'alice');
    h.sessions.logon(2, 'bob');
    await h.service.adopted;
    const admin = await h.admin();
    try {
      for (;;) {
        const status = await admin.call('status', {});
        if (status.sessions.length === 2) break;
      }
    } finally {
      admin.close();
    }
    await run(h);
  } finally {
    await h.stop();
  }
}

describe('TandemService diagnostics.collect', () => {
  it("gives a session's user their own status and log lines only, no audit log and no configuration files", async () => {
    await withTwoSessions(async (h) => {
      const admin = await h.admin();
      await admin.call('config.set', { key: 'tray.supportText', value: 'call 555' });
      admin.close();
      const logFile = path.join(h.dataDir, 'logs', 'tandem.log');
      appendFileSync(logFile, logLine({ sessionId: 1, time: 1, msg: 'agent: left by the previous logon of session 1' }));
      appendFileSync(logFile, logLine({ sessionId: 1, msg: 'agent: alice was here' }));
      appendFileSync(logFile, logLine({ sessionId: 2, msg: 'agent: bob was here' }));
      appendFileSync(logFile, logLine({ msg: 'the service for everyone' }));
      const alice = await h.user(1);
      const result = await alice.call('diagnostics.collect', {});
      alice.close();
      const entries = readZip(result.path);
      assert.deepEqual([...entries.keys()], ['status.json', 'config.json', 'logs/tandem.log']);
      assert.deepEqual(result.files, [...entries.keys()]);
      const status = JSON.parse(entries.get('status.json')?.toString() ?? '') as { sessions: Array<{ id: number }>; agents: Array<{ sessionId: number }> };
      assert.deepEqual(status.sessions.map((s) => s.id), [1]);
      assert.deepEqual(status.agents.map((a) => a.sessionId), [1]);
      const config = JSON.parse(entries.get('config.json')?.toString() ?? '') as { config: { tray: { supportText: string } } };
      assert.equal(config.config.tray.supportText, 'call 555');
      const log = entries.get('logs/tandem.log')?.toString() ?? '';
      assert.match(log, /alice was here/);
      const lines = log.trim().split('\n').map((l) => JSON.parse(l) as { sessionId: number });
      assert.ok(lines.length >= 2 && lines.every((l) => l.sessionId === 1), log);
      for (const [name, data] of entries) assert.doesNotMatch(data.toString(), /bob|previous logon|for everyone|audit/i, name);
      assert.deepEqual(h.record.granted, [{ file: result.path, session: 1 }]);
    });
  });

  it('gives an administrator everything: all sessions, every line, the audit log and the configuration files', async () => {
    await withTwoSessions(async (h) => {
      const admin = await h.admin();
      await admin.call('config.set', { key: 'tray.supportText', value: 'call 555' });
      appendFileSync(path.join(h.dataDir, 'logs', 'tandem.log'), logLine({ sessionId: 2, msg: 'agent: bob was here' }));
      const result = await admin.call('diagnostics.collect', {});
      admin.close();
      const entries = readZip(result.path);
      assert.deepEqual([...entries.keys()], ['status.json', 'config.json', 'logs/tandem.log', 'data/audit.log', 'data/config.json', 'data/config.last-known-good.json']);
      assert.match(entries.get('data/audit.log')?.toString() ?? '', /tray\.supportText/);
      assert.match(entries.get('logs/tandem.log')?.toString() ?? '', /bob was here/);
      const status = JSON.parse(entries.get('status.json')?.toString() ?? '') as { sessions: unknown[] };
      assert.equal(status.sessions.length, 2);
      assert.deepEqual(h.record.granted, [{ file: result.path, session: null }]);
    });
  });

  it('builds one archive for a storm of requests from one session, and another session still gets its own', async () => {
    await withTwoSessions(async (h) => {
      const clients = await Promise.all(Array.from({ length: 8 }, () => h.user(1)));
      const storm = await Promise.all(clients.flatMap((c) => Array.from({ length: 8 }, () => c.call('diagnostics.collect', {}))));
      const again = await clients[0]?.call('diagnostics.collect', {});
      for (const c of clients) c.close();
      const bob = await h.user(2);
      const bobs = await bob.call('diagnostics.collect', {});
      bob.close();
      assert.equal(new Set(storm.map((r) => r.path)).size, 1);
      assert.equal(again?.path, storm[0]?.path, 'handed back during the cooldown');
      assert.notEqual(bobs.path, storm[0]?.path);
      assert.deepEqual(readdirSync(path.join(h.dataDir, 'diagnostics')).sort(), [path.basename(bobs.path), path.basename(storm[0]?.path ?? '')].sort());
    });
  });

  it('keeps the diagnostics folder under its cap, removing the oldest archives', async () => {
    await withTwoSessions(
      async (h) => {
        const admin = await h.admin();
        const made: string[] = [];
        for (let i = 0; i < 5; i++) made.push(path.basename((await admin.call('diagnostics.collect', {})).path));
        admin.close();
        const left = readdirSync(path.join(h.dataDir, 'diagnostics'));
        assert.ok(left.includes(made.at(-1) ?? ''), 'the newest stays');
        assert.ok(!left.includes(made[0] ?? ''), 'the oldest went');
        assert.ok(left.length < 5, left.join(', '));
      },
      { diagnosticsLimits: { cooldownMs: 0, maxFolderBytes: 1 } },
    );
  });

  it('keeps the event loop responsive while it builds a large archive', { timeout: 150_000 }, async () => {
    await withTwoSessions(async (h) => {
      // Eight log files of 4 MiB (the most an archive takes of each), lines of both sessions.
      const logFile = path.join(h.dataDir, 'logs', 'tandem.log');
      let chunk = '';
      for (let i = 0; chunk.length < 4 * 1024 * 1024; i++) {
        chunk += logLine({ sessionId: 1 + (i % 2), msg: `agent: output ${(i * 2654435761) % 1000003} ${Math.random().toString(36)}` });
      }
      appendFileSync(logFile, chunk);
      for (let n = 1; n <= 7; n++) writeFileSync(rolledName(logFile, n), chunk);
      const delay = monitorEventLoopDelay({ resolution: 5 });
      let turns = 0;
      let longest = 0;
      let longestCpu = 0;
      let last = performance.now();
      let lastCpu = mainThreadCpuMs();
      let building = true;
      const tick = (): void => {
        const now = performance.now();
        const cpu = mainThreadCpuMs();
        longest = Math.max(longest, now - last);
        if (cpu !== undefined && lastCpu !== undefined) longestCpu = Math.max(longestCpu, cpu - lastCpu);
        last = now;
        lastCpu = cpu;
        turns++;
        if (building) setImmediate(tick);
      };
      const admin = await h.admin();
      const alice = await h.user(1);
      delay.enable();
      setImmediate(tick);
      // As long as the agent waits for an archive: a loaded machine takes a while for 32 MiB.
      const collect = { timeoutMs: 120_000 };
      const [all, own] = await Promise.all([admin.call('diagnostics.collect', {}, collect), alice.call('diagnostics.collect', {}, collect)]).finally(() => {
        building = false;
        delay.disable();
        admin.close();
        alice.close();
      });
      assert.ok(all.bytes > 1024 * 1024 && own.bytes > 512 * 1024, `${all.bytes} and ${own.bytes} bytes`);
      const seen = `the longest stretch between two turns of the event loop took ${longestCpu} ms of CPU, ${longest.toFixed(1)} ms of wall time (p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms)`;
      // The old synchronous deflate held the loop for about 400 ms of CPU on this archive, and
      // even one 4 MiB entry deflated synchronously takes about 50. Where the main thread's CPU
      // time cannot be read, wall time stands in, with room for a loaded machine.
      if (lastCpu === undefined) assert.ok(longest < 150, seen);
      else assert.ok(longestCpu <= 20, seen);
      assert.ok(turns > 200, `${turns} turns of the event loop while building`);
    });
  });
});
