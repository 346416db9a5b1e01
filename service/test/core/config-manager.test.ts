import assert from 'node:assert/strict';
import { mkdtempSync, promises as fsp, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TandemError } from '@tandem/shared';
import { AuditLog } from '../../src/core/audit-log.js';
import { ConfigManager, type Caller } from '../../src/core/config-manager.js';
import { ConfigStore } from '../../src/core/config-store.js';
import { silentLogger } from './fakes.js';

const caller: Caller = { account: { id: 'S-1-5-21-1-2-3-500', name: 'TEST\\admin' }, endpoint: 'admin', role: 'admin', pid: null, client: 'tandemctl/test' };

async function manager(policy: Record<string, unknown> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-cm-'));
  const config = new ConfigManager(new ConfigStore(dir), new AuditLog(dir), { read: async () => ({ values: policy, problems: [] }) }, silentLogger);
  await config.load();
  return { dir, config };
}

describe('ConfigManager', () => {
  it('sets a key: validated, saved, audited with old and new values, listeners told', async () => {
    const { dir, config } = await manager();
    const changes: string[][] = [];
    config.onChange((changed) => changes.push(changed));
    const view = await config.set('agents.stopTimeoutMs', 2500, caller);
    assert.equal(view.config.agents.stopTimeoutMs, 2500);
    assert.deepEqual(changes, [['agents.stopTimeoutMs']]);
    const saved = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as { agents: { stopTimeoutMs: number } };
    assert.equal(saved.agents.stopTimeoutMs, 2500);
    const audit = readFileSync(path.join(dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(audit.length, 1);
    assert.deepEqual({ key: audit[0]?.key, old: audit[0]?.old, new: audit[0]?.new, caller: audit[0]?.caller }, { key: 'agents.stopTimeoutMs', old: 5000, new: 2500, caller });
  });

  it('rejects an invalid value with the key and the reason, and changes nothing', async () => {
    const { config } = await manager();
    await assert.rejects(config.set('agents.stopTimeoutMs', 'soon', caller), (error: unknown) => {
      assert.ok(error instanceof TandemError);
      assert.equal(error.code, 'E_INVALID_PARAMS');
      assert.match(error.message, /agents\.stopTimeoutMs/);
      return true;
    });
    assert.equal(config.config.agents.stopTimeoutMs, 5000);
  });

  it('rejects an unknown key and lists the known ones', async () => {
    const { config } = await manager();
    await assert.rejects(config.set('agents.stopTimeout', 1, caller), /unknown configuration key `agents\.stopTimeout`; keys are: .*agents\.stopTimeoutMs/);
  });

  it('applies machine policy over the file, reports enforced keys and refuses to change them', async () => {
    const { config } = await manager({ 'agents.eligibility': { mode: 'none' }, 'tray.supportText': 42 });
    assert.deepEqual(config.config.agents.eligibility, { mode: 'none' });
    assert.deepEqual(config.health().enforced, ['agents.eligibility']);
    assert.ok(config.health().problems.some((p) => p.startsWith('policy: tray.supportText ignored')));
    await assert.rejects(config.set('agents.eligibility', { mode: 'all' }, caller), { code: 'E_FORBIDDEN' });
    await assert.rejects(config.reset('agents', caller), { code: 'E_FORBIDDEN' });
  });

  it('resets one key or everything to the defaults', async () => {
    const { config } = await manager();
    await config.set('logging.level', 'debug', caller);
    await config.set('tray.supportText', 'Call 555-0100', caller);
    await config.reset('logging.level', caller);
    assert.equal(config.config.logging.level, 'info');
    assert.equal(config.config.tray.supportText, 'Call 555-0100');
    await config.reset(undefined, caller);
    assert.equal(config.config.tray.supportText, '');
  });

  it('keeps both of two changes pipelined before either commits', async () => {
    const { dir, config } = await manager();
    const [first, second] = await Promise.all([config.set('agents.stopTimeoutMs', 2500, caller), config.set('logging.level', 'debug', caller)]);
    // Each reply shows the configuration its own change committed, in order.
    assert.equal(first.config.agents.stopTimeoutMs, 2500);
    assert.equal(first.config.logging.level, 'info');
    assert.deepEqual([second.config.agents.stopTimeoutMs, second.config.logging.level], [2500, 'debug']);
    assert.deepEqual([config.config.agents.stopTimeoutMs, config.config.logging.level], [2500, 'debug']);
    const saved = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as { agents: { stopTimeoutMs: number }; logging: { level: string } };
    assert.deepEqual([saved.agents.stopTimeoutMs, saved.logging.level], [2500, 'debug']);
  });

  it('goes on with the next change after one fails', async () => {
    const { config } = await manager();
    const results = await Promise.allSettled([config.set('agents.stopTimeoutMs', 'soon', caller), config.set('agents.stopTimeoutMs', 2500, caller)]);
    assert.equal(results[0]?.status, 'rejected');
    assert.equal(results[1]?.status, 'fulfilled');
    assert.equal(config.config.agents.stopTimeoutMs, 2500);
  });

  it('tells listeners nothing when a change leaves the configuration as it was', async () => {
    const { config } = await manager();
    const changes: string[][] = [];
    config.onChange((changed) => changes.push(changed));
    await config.set('logging.level', 'info', caller);
    await config.load();
    assert.deepEqual(changes, []);
  });

  it('refuses a change it cannot save (full disk, denied write) with E_UNAVAILABLE and the reason, and loses no acknowledged change', async (t) => {
    const { dir, config } = await manager();
    await config.set('agents.stopTimeoutMs', 2500, caller);
    const open = fsp.open;
    for (const [code, reason] of [['ENOSPC', 'no space left on the device'], ['EACCES', 'permission denied']] as const) {
      // The temporary file is created, then writing it fails, as on a full or read-only-for-us disk.
      const failing = t.mock.method(fsp, 'open', async (...args: Parameters<typeof fsp.open>) => {
        const handle = await open(...args);
        Object.defineProperty(handle, 'writeFile', { value: () => Promise.reject(Object.assign(new Error(`${code}: scripted`), { code })) });
        return handle;
      });
      await assert.rejects(config.set('logging.level', 'debug', caller), (error: unknown) => {
        assert.ok(error instanceof TandemError);
        assert.equal(error.code, 'E_UNAVAILABLE');
        assert.equal(error.message, `cannot save the configuration to ${path.join(dir, 'config.json')}: ${reason}`);
        return true;
      });
      failing.mock.restore();
    }
    // Not in force, not on disk, not audited; no temporary file left behind.
    assert.equal(config.config.logging.level, 'info');
    assert.equal(config.config.agents.stopTimeoutMs, 2500);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
    assert.equal(readFileSync(path.join(dir, 'audit.log'), 'utf8').trim().split('\n').length, 1);
    // The next change goes through, and a restart finds every acknowledged change.
    await config.set('logging.retainFiles', 3, caller);
    const restarted = new ConfigManager(new ConfigStore(dir), new AuditLog(dir), { read: async () => ({ values: {}, problems: [] }) }, silentLogger);
    await restarted.load();
    assert.deepEqual(
      { stopTimeoutMs: restarted.config.agents.stopTimeoutMs, retainFiles: restarted.config.logging.retainFiles, level: restarted.config.logging.level },
      { stopTimeoutMs: 2500, retainFiles: 3, level: 'info' },
    );
  });
});
