import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, promises as fsp, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticsCollector, RECHECK_MS } from '../../src/core/diagnostics-collector.js';
import type { ArchiveResult } from '../../src/core/diagnostics.js';
import { FakeClock, settle } from './fakes.js';

function setup(limits = { cooldownMs: 60_000, maxFolderBytes: 1_000 }) {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'tandem-collector-'));
  const clock = new FakeClock();
  const pruned: string[] = [];
  const collector = new DiagnosticsCollector({ clock, limits, onPruned: (removed) => void pruned.push(...removed.map((f) => path.basename(f))) });
  let built = 0;
  let running = 0;
  let mostAtOnce = 0;
  const gates: Array<() => void> = [];
  /** A build that writes an archive of `bytes` once the test opens its gate. */
  const build = (bytes = 100, wait = false) => async (): Promise<ArchiveResult> => {
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    try {
      if (wait) await new Promise<void>((resolve) => gates.push(resolve));
      const file = path.join(folder, `tandem-diagnostics-${String(++built).padStart(3, '0')}.zip`);
      writeFileSync(file, Buffer.alloc(bytes));
      // Older archives have older times, as they would when written one after another.
      utimesSync(file, built, built);
      return { path: file, bytes, files: [] };
    } finally {
      running--;
    }
  };
  return { folder, clock, collector, pruned, build, gates, built: () => built, mostAtOnce: () => mostAtOnce };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await settle();
  }
}

describe('DiagnosticsCollector', () => {
  it('builds once for a storm of requests from one requester, and hands the archive back during the cooldown', async () => {
    const t = setup();
    const requester = { key: 'session:1:logon-1', folder: t.folder };
    const storm = Array.from({ length: 50 }, () => t.collector.collect(requester, t.build(100, true)));
    await until(() => t.gates.length === 1);
    t.gates[0]?.();
    const results = await Promise.all(storm);
    assert.equal(t.built(), 1);
    assert.ok(results.every((r) => r.path === results[0]?.path));
    await t.clock.advance(59_999);
    assert.equal((await t.collector.collect(requester, t.build())).path, results[0]?.path);
    assert.equal(t.built(), 1);
    await t.clock.advance(1);
    assert.notEqual((await t.collector.collect(requester, t.build())).path, results[0]?.path);
    assert.equal(t.built(), 2);
  });

  it('builds a new archive when the recent one is gone, noticed within RECHECK_MS', async () => {
    const t = setup();
    const requester = { key: 'admin', folder: t.folder };
    const first = await t.collector.collect(requester, t.build());
    writeFileSync(first.path, ''); // still there: handed back
    assert.equal((await t.collector.collect(requester, t.build())).path, first.path);
    rmSync(first.path);
    await t.clock.advance(RECHECK_MS);
    assert.notEqual((await t.collector.collect(requester, t.build())).path, first.path);
  });

  it('answers a storm in the cooldown from memory, checking the disk once per RECHECK_MS', async (t) => {
    const c = setup();
    const requester = { key: 'session:1:logon-1', folder: c.folder };
    const first = await c.collector.collect(requester, c.build());
    const access = t.mock.method(fsp, 'access');
    for (let i = 0; i < 100; i++) assert.equal((await c.collector.collect(requester, c.build())).path, first.path);
    assert.equal(access.mock.callCount(), 1);
    await c.clock.advance(RECHECK_MS);
    await c.collector.collect(requester, c.build());
    assert.equal(access.mock.callCount(), 2);
    assert.equal(c.built(), 1);
  });

  it('builds one archive at a time across requesters, in order', async () => {
    const t = setup({ cooldownMs: 60_000, maxFolderBytes: 1_000_000 });
    const a = t.collector.collect({ key: 'session:1:x', folder: t.folder }, t.build(100, true));
    const b = t.collector.collect({ key: 'session:2:y', folder: t.folder }, t.build(100, true));
    const c = t.collector.collect({ key: 'admin', folder: t.folder }, t.build(100, true));
    await until(() => t.gates.length === 1);
    await settle();
    assert.equal(t.gates.length, 1, 'the second build waits for the first');
    t.gates[0]?.();
    await until(() => t.gates.length === 2);
    t.gates[1]?.();
    await until(() => t.gates.length === 3);
    t.gates[2]?.();
    const paths = (await Promise.all([a, b, c])).map((r) => path.basename(r.path));
    assert.deepEqual(paths, ['tandem-diagnostics-001.zip', 'tandem-diagnostics-002.zip', 'tandem-diagnostics-003.zip']);
    assert.equal(t.mostAtOnce(), 1);
  });

  it('goes on after a failed build, and the failure reaches only its requester', async () => {
    const t = setup();
    const failed = t.collector.collect({ key: 'admin', folder: t.folder }, async () => {
      throw new Error('disk on fire');
    });
    const next = t.collector.collect({ key: 'session:1:x', folder: t.folder }, t.build());
    await assert.rejects(failed, /disk on fire/);
    assert.equal(path.basename((await next).path), 'tandem-diagnostics-001.zip');
  });

  it("removes the oldest archives beyond the folder's cap, never the new one, and leaves other files alone", async () => {
    const t = setup({ cooldownMs: 0, maxFolderBytes: 1_000 });
    writeFileSync(path.join(t.folder, 'notes.txt'), Buffer.alloc(5_000));
    for (let i = 0; i < 4; i++) await t.collector.collect({ key: `k${i}`, folder: t.folder }, t.build(300));
    assert.deepEqual(t.pruned, ['tandem-diagnostics-001.zip']);
    const big = await t.collector.collect({ key: 'big', folder: t.folder }, t.build(2_000));
    assert.ok(existsSync(big.path), 'the new archive stays even when it alone is over the cap');
    assert.deepEqual(readdirSync(t.folder).sort(), ['notes.txt', 'tandem-diagnostics-005.zip']);
  });
});
