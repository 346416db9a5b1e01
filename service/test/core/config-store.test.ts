import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigSchema } from '@tandem/shared';
import { ConfigStore, LAST_KNOWN_GOOD_FILE } from '../../src/core/config-store.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'tandem-config-'));

describe('ConfigStore', () => {
  it('starts from defaults, with no problem, when there is no file yet', async () => {
    const store = new ConfigStore(tempDir());
    const loaded = await store.load();
    assert.equal(loaded.source, 'defaults');
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.config, ConfigSchema.parse({}));
  });

  it('saves atomically and loads what it saved, keeping a last-known-good copy', async () => {
    const dir = tempDir();
    const store = new ConfigStore(dir);
    const config = ConfigSchema.parse({ agents: { stopTimeoutMs: 3000 } });
    await store.save(config);
    assert.deepEqual((await new ConfigStore(dir).load()).config, config);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, LAST_KNOWN_GOOD_FILE), 'utf8')), config);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
  });

  it("reads an earlier version's file: tray actions that name no program are dropped and named, every other setting is kept", async () => {
    const dir = tempDir();
    const program = process.platform === 'win32' ? 'C:\\Tools\\repair.exe' : '/usr/local/bin/repair';
    // As 0.1.0 saved it: actions were menu entries with an id and a label.
    const old = { agents: { stopTimeoutMs: 3000 }, logging: { level: 'debug' }, tray: { actions: [{ id: 'sync', label: 'Sync now' }, { id: 'repair', label: 'Repair', program }], supportText: 'Call 0100' } };
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(old));
    const loaded = await new ConfigStore(dir).load();
    assert.equal(loaded.source, 'file');
    assert.equal(loaded.config.agents.stopTimeoutMs, 3000);
    assert.equal(loaded.config.logging.level, 'debug');
    assert.equal(loaded.config.tray.supportText, 'Call 0100');
    assert.deepEqual(loaded.config.tray.actions.map((action) => action.id), ['repair']);
    assert.equal(loaded.problems.length, 1);
    assert.match(loaded.problems[0] ?? '', /config\.json: tray action `sync` was dropped: .*earlier version.*define it again/);
  });

  it('falls back to last-known-good on a corrupt file, keeps the bad file aside and says so', async () => {
    const dir = tempDir();
    const good = ConfigSchema.parse({ logging: { level: 'debug' } });
    await new ConfigStore(dir).save(good);
    writeFileSync(path.join(dir, 'config.json'), '{"agents": {"stopTimeoutMs": ');
    const loaded = await new ConfigStore(dir).load();
    assert.equal(loaded.source, 'last-known-good');
    assert.deepEqual(loaded.config, good);
    assert.match(loaded.problems[0] ?? '', /config\.json: is not valid JSON/);
    assert.ok(loaded.problems.some((p) => /kept as .*config\.json\.corrupt-/.test(p)));
    const aside = readdirSync(dir).find((f) => f.startsWith('config.json.corrupt-'));
    assert.equal(readFileSync(path.join(dir, aside ?? 'missing'), 'utf8'), '{"agents": {"stopTimeoutMs": ');
    // The good copy is back in place for the next start.
    assert.equal((await new ConfigStore(dir).load()).source, 'file');
  });

  it('falls back to defaults when both files are bad, naming each problem', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ agents: { stopTimeoutMs: 'soon' } }));
    writeFileSync(path.join(dir, LAST_KNOWN_GOOD_FILE), 'garbage');
    const loaded = await new ConfigStore(dir).load();
    assert.equal(loaded.source, 'defaults');
    assert.match(loaded.problems[0] ?? '', /does not match the schema: agents\.stopTimeoutMs/);
    assert.ok(loaded.problems.some((p) => p.includes(LAST_KNOWN_GOOD_FILE)));
  });

  it('starts from last-known-good when the configuration cannot be read (a folder in its place), even though it cannot put the copy back', async () => {
    const dir = tempDir();
    const good = ConfigSchema.parse({ agents: { stopTimeoutMs: 3000 } });
    await new ConfigStore(dir).save(good);
    const file = path.join(dir, 'config.json');
    rmSync(file);
    mkdirSync(file);
    const loaded = await new ConfigStore(dir).load();
    assert.equal(loaded.problems[0], `${file}: cannot be read (EISDIR)`);
    assert.equal(loaded.source, 'last-known-good');
    assert.deepEqual(loaded.config, good);
    assert.equal(loaded.problems.at(-1), 'cannot put the last-known-good copy back: EISDIR');
  });
});
