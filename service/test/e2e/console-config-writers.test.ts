/**
 * Many admin clients change the configuration at once over their own connections to the real
 * console service: every change acknowledged must be in the configuration afterwards, in the
 * service's memory, in config.json and after a restart.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { socketAddress, type Config } from '@tandem/shared';
import { connectAdmin } from '../../src/cli/admin-client.js';
import { getKey } from '../../src/core/config-keys.js';
import { eventually, startService } from './console-harness.js';

/** Each writer owns one key and sets it to a sequence of values; the last acknowledged one must stay. */
const WRITERS: ReadonlyArray<{ key: string; values: readonly number[] }> = [
  { key: 'agents.restartInitialDelayMs', values: [1100, 1200, 1300, 1400] },
  { key: 'agents.restartMaxDelayMs', values: [31_000, 32_000, 33_000, 34_000] },
  { key: 'agents.healthyAfterMs', values: [61_000, 62_000, 63_000, 64_000] },
  { key: 'agents.crashLoopFailures', values: [11, 12, 13, 14] },
  { key: 'agents.stopTimeoutMs', values: [2100, 2200, 2300, 2400] },
  { key: 'logging.maxFileMb', values: [11, 12, 13, 14] },
  { key: 'logging.retainFiles', values: [8, 9, 10, 11] },
  { key: 'tray.notificationsPerMinute', values: [7, 8, 9, 10] },
  { key: 'service.preshutdownTimeoutMs', values: [16_000, 17_000, 18_000, 19_000] },
];
const CONNECTIONS = 3;

function expectIn(config: Config, where: string, acknowledged: Map<string, number>): void {
  for (const [key, value] of acknowledged) assert.equal(getKey(config, key), value, `${key} ${where}`);
}

describe('console service, concurrent configuration writers', () => {
  it('keeps every acknowledged change in memory, on disk and after a restart', async () => {
    const service = startService();
    const acknowledged = new Map<string, number>();
    try {
      await eventually('the service', () => service.status());
      const address = socketAddress(service.runtimeDir, 'admin');
      const clients = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => connectAdmin({ address, client: `writer/${i}` })));
      try {
        // Writers on the same connection pipeline their requests; each waits only for its own reply.
        await Promise.all(
          WRITERS.map(async ({ key, values }, i) => {
            const client = clients[i % CONNECTIONS];
            assert.ok(client);
            for (const value of values) {
              await client.call('config.set', { key, value });
              acknowledged.set(key, value);
            }
          }),
        );
        assert.equal(acknowledged.size, WRITERS.length);
        const inMemory = await clients[0]?.call('config.get', {});
        assert.ok(inMemory);
        expectIn(inMemory.config, 'in memory', acknowledged);
      } finally {
        for (const client of clients) client.close();
      }
      const onDisk = JSON.parse(readFileSync(path.join(service.dataDir, 'config.json'), 'utf8')) as Config;
      expectIn(onDisk, 'on disk', acknowledged);
      const audit = readFileSync(path.join(service.dataDir, 'audit.log'), 'utf8').trim().split('\n');
      assert.equal(audit.length, WRITERS.length * 4);
    } finally {
      assert.equal(await service.stop(), 0);
    }
    const restarted = startService({ dataDir: service.dataDir, runtimeDir: service.runtimeDir });
    try {
      const client = await eventually('the restarted service', () => connectAdmin({ address: socketAddress(restarted.runtimeDir, 'admin'), client: 'reader/1' }));
      try {
        expectIn((await client.call('config.get', {})).config, 'after a restart', acknowledged);
      } finally {
        client.close();
      }
    } finally {
      await restarted.stop();
    }
  });
});
