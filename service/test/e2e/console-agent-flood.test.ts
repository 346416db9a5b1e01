/**
 * An agent whose output is hostile (F5): a 128 MiB line without a newline, then short lines as
 * fast as the pipe takes them. The real console service must stay up, keep its memory bounded
 * and keep its log history.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { commands, events, PRODUCT, RpcClient, SocketConnector, socketAddress, type Commands, type Events } from '@tandem/shared';
import { eventually, startService } from './console-harness.js';

const FLOOD_AGENT = fileURLToPath(new URL('./fixtures/flood-agent.js', import.meta.url));

/** Peak resident memory of a process, in MiB (Linux). */
function peakRssMib(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) / 1024;
}

describe('console service, hostile agent output', () => {
  it('stays up with bounded memory and its log history when an agent floods its output', { timeout: 120_000 }, async () => {
    const done = path.join(path.dirname(FLOOD_AGENT), `flood-done-${process.pid}-${Date.now()}`);
    const service = startService(undefined, ['--agent', FLOOD_AGENT], { TANDEM_FLOOD_DONE: done });
    try {
      await eventually('the service', () => service.status());
      const pid = service.process.pid;
      assert.ok(pid !== undefined);
      const peakBefore = peakRssMib(pid);
      await eventually('the agent to finish its flood', () => (existsSync(done) ? true : undefined), 90_000);
      // Everything the agent wrote before the marker has been read once its tail is logged or counted.
      const log = await eventually('the flood to be read', () => {
        const text = service.logText();
        return /over the rate limit was dropped/.test(text) || /fast line/.test(text) ? text : undefined;
      });
      const status = await service.status();
      assert.equal(status.pid, pid, 'the same service process answers');
      assert.equal(service.process.exitCode, null);
      // The 128 MiB line cost at most a few buffers of the pipe, not its size.
      const growth = peakRssMib(pid) - peakBefore;
      assert.ok(growth < 64, `the service's peak memory grew by ${growth.toFixed(0)} MiB`);
      assert.match(log, /agent: A{8192} …\[line truncated at 8192 bytes\]/);
      // The log still starts with the service's start, in one file of modest size.
      assert.match(log.split('\n')[0] ?? '', /service starting/);
      assert.deepEqual(readdirSync(path.join(service.dataDir, 'logs')), ['tandem.log']);
      assert.ok(log.length < 2 * 1024 * 1024, `the log grew to ${log.length} bytes`);
      const fastLines = log.split('\n').filter((line) => line.includes('fast line')).length;
      assert.ok(fastLines < 1_000, `${fastLines} of 200,000 fast lines were logged`);
    } finally {
      await service.stop();
    }
  });
});

describe('console service, connection churn', () => {
  it('rate-limits the connection lines of a session that connects in a loop', { timeout: 60_000 }, async () => {
    const service = startService();
    try {
      const status = await eventually('a connected agent', async () => {
        const s = await service.status();
        return s.agents[0]?.connected ? s : undefined;
      });
      const sessionId = status.sessions[0]?.id;
      assert.ok(sessionId !== undefined);
      const connector = new SocketConnector(socketAddress(service.runtimeDir, `agent-${sessionId}`));
      // Past the endpoint's connection rate (DEFAULT_USER_CONNECTION_RATE), connects are closed unanswered.
      let refused = 0;
      const started = performance.now();
      for (let i = 0; i < 200; i++) {
        await RpcClient.connect<Commands, Events>({ connector, commands, events, role: 'user', client: `churn/${i}`, product: PRODUCT }).then(
          (client) => client.close(),
          () => refused++,
        );
      }
      assert.ok(refused > 100, `${refused} of 200 connects refused`);
      // A last admin call: everything the churn caused has been handled by then.
      await service.status();
      const lines = service.logText().split('\n');
      const churn = lines.filter((line) => /"client":"churn\//.test(line));
      // The 20 or more accepted would make twice as many lines; the log takes 20, then one a second.
      const allowed = 20 + Math.ceil((performance.now() - started) / 1000);
      assert.ok(churn.length > 0 && churn.length <= allowed, `${churn.length} connection lines for ${200 - refused} connects and disconnects, ${allowed} allowed`);
    } finally {
      await service.stop();
    }
  });
});
