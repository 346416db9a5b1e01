import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigSchema, socketAddress } from '@tandem/shared';
import { connectAdmin } from '../../src/cli/admin-client.js';
import { eventually, isAlive, makeDirs, startService } from './console-harness.js';

describe('console service under faults', () => {
  it('keeps config.json valid (old or new) when killed -9 during 200 config writes', async () => {
    const service = startService();
    await eventually('the service', async () => (await service.status()).pid);
    const agentPid = await eventually('the agent', async () => (await service.status()).agents[0]?.pid ?? undefined);
    const client = await connectAdmin({ address: socketAddress(service.runtimeDir, 'admin'), client: 'fault/1' });
    let acknowledged = 0;
    const killAt = 60 + Math.floor(Math.random() * 100);
    const writes = (async () => {
      for (let i = 1; i <= 200; i++) {
        if (i === killAt) service.process.kill('SIGKILL');
        try {
          await client.call('config.set', { key: 'tray.supportText', value: `write ${i}` });
          acknowledged = i;
        } catch {
          return;
        }
      }
    })();
    await writes;
    await service.exited;
    const config = ConfigSchema.parse(JSON.parse(readFileSync(path.join(service.dataDir, 'config.json'), 'utf8')));
    const written = Number(/^write (\d+)$/.exec(config.tray.supportText)?.[1]);
    assert.ok(written >= acknowledged, `config.json holds write ${written}; ${acknowledged} were acknowledged`);
    assert.ok(written <= acknowledged + 1, 'nothing past the write in flight');
    await eventually('the orphaned agent to exit', () => (isAlive(agentPid) ? undefined : true), 5_000);
  });

  it('starts with a corrupt config file and reports it in status', async () => {
    const dirs = makeDirs();
    mkdirSync(dirs.dataDir, { recursive: true });
    writeFileSync(path.join(dirs.dataDir, 'config.json'), '{ this is not json');
    const service = startService(dirs);
    try {
      const status = await eventually('the service', () => service.status());
      assert.equal(status.config.source, 'defaults');
      assert.match(status.config.problems.join('\n'), /config\.json: is not valid JSON/);
      const human = service.ctl('status');
      assert.match(human.stdout, /problem: .*config\.json: is not valid JSON/);
    } finally {
      await service.stop();
    }
  });

  it('refuses to start on an unusable data directory, saying which and why', async () => {
    const dirs = makeDirs();
    mkdirSync(path.dirname(dirs.dataDir), { recursive: true });
    writeFileSync(dirs.dataDir, 'a file where the data directory should be');
    const service = startService({ ...dirs, dataDir: path.join(dirs.dataDir, 'inner') });
    const { code } = await service.exited;
    assert.equal(code, 3);
    assert.match(service.output(), /could not start: E_UNAVAILABLE: cannot write to the data directory .*inner: a file stands where a directory is expected/);
  });

  it('refuses a second service on the same admin socket', async () => {
    const dirs = makeDirs();
    const first = startService(dirs);
    try {
      await eventually('the first service', () => first.status());
      const second = startService({ ...dirs, dataDir: `${dirs.dataDir}-2` });
      const { code } = await second.exited;
      assert.equal(code, 3);
      assert.match(second.output(), /another Tandem service is already listening on/);
    } finally {
      await first.stop();
    }
  });
});
