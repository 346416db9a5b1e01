import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { eventually, startService } from './console-harness.js';

describe('console service, administration', () => {
  it('collects diagnostics into a ZIP with logs, config and status', async () => {
    const service = startService();
    try {
      await eventually('a connected agent', async () => ((await service.status()).agents[0]?.connected ? true : undefined));
      const result = service.ctl('diagnostics', '--json');
      assert.equal(result.code, 0, result.stderr);
      const archive = JSON.parse(result.stdout) as { path: string; files: string[] };
      assert.ok(archive.path.startsWith(path.join(service.dataDir, 'diagnostics')));
      const listing = spawnSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("\\n".join(z.namelist()))', archive.path], { encoding: 'utf8' });
      assert.equal(listing.status, 0, listing.stderr);
      const names = listing.stdout.trim().split('\n');
      for (const name of ['status.json', 'config.json', 'logs/tandem.log']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    } finally {
      await service.stop();
    }
  });

  it('reloads policy on SIGHUP, stops agents that are no longer eligible, and falls back for broadcasts', async () => {
    const service = startService();
    try {
      await eventually('a connected agent', async () => ((await service.status()).agents[0]?.connected ? true : undefined));
      writeFileSync(path.join(service.dataDir, 'policy.json'), JSON.stringify({ 'agents.eligibility': { mode: 'none' } }));
      service.process.kill('SIGHUP');
      const status = await eventually('the policy to apply', async () => {
        const s = await service.status();
        return s.config.enforced.includes('agents.eligibility') && s.agents.length === 0 ? s : undefined;
      });
      assert.equal(status.sessions[0]?.eligible, false);
      const refused = service.ctl('config', 'set', 'agents.eligibility', '{"mode":"all"}');
      assert.equal(refused.code, 4);
      assert.match(refused.stderr, /E_FORBIDDEN: agents\.eligibility is enforced by machine policy/);
      const broadcast = service.ctl('broadcast', 'Nobody home', '--json');
      assert.equal(broadcast.code, 0, broadcast.stderr);
      assert.deepEqual(JSON.parse(broadcast.stdout), { delivered: [], fallback: [status.sessions[0]?.id] });
      assert.match(service.logText(), /fallback.*Nobody home|Nobody home.*fallback/);
    } finally {
      await service.stop();
    }
  });

  it('changes the log level at once and reports the previous one', async () => {
    const service = startService();
    try {
      await eventually('the service', () => service.status());
      const result = service.ctl('log-level', 'debug');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Log level info → debug/);
      const bad = service.ctl('log-level', 'loud');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /a log level is one of fatal, error, warn, info, debug, trace, got `loud`/);
    } finally {
      await service.stop();
    }
  });
});

describe('console service, stopping', () => {
  it('stops promptly while an admin client holds a connection open', async () => {
    const service = startService();
    await eventually('a connected agent', async () => ((await service.status()).agents[0]?.connected ? true : undefined));
    const { connectAdmin } = await import('../../src/cli/admin-client.js');
    const { socketAddress } = await import('@tandem/shared');
    const idle = await connectAdmin({ address: socketAddress(service.runtimeDir, 'admin'), client: 'idle/1' });
    const closed = new Promise((resolve) => idle.onClose(resolve));
    assert.equal(await service.stop(), 0);
    const reason = await closed;
    assert.match(String((reason as Error | undefined)?.message), /service is stopping/);
  });
});
