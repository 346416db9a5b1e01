import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, isAlive, startService } from './console-harness.js';

describe('console service, end to end with real processes', () => {
  it('runs the agent, applies config, survives a killed agent, broadcasts, and stops leaving nothing behind', async () => {
    const service = startService();
    try {
      // The agent is launched and completes its handshake.
      const first = await eventually('a connected agent', async () => {
        const agent = (await service.status()).agents[0];
        return agent?.connected && agent.pid !== null ? agent : undefined;
      });
      const firstPid = first.pid ?? -1;

      // An admin changes the tray configuration; the agent receives the change event.
      const set = service.ctl('config', 'set', 'tray.supportText', 'Call the help desk at 555-0100');
      assert.equal(set.code, 0, set.stderr);
      assert.match(set.stdout, /tray\.supportText = "Call the help desk at 555-0100"/);
      await eventually('the agent to log the config change', () => (/agent: .*config changed/.test(service.logText()) ? true : undefined));

      // kill -9 the agent: the supervisor restarts it within the first backoff step.
      process.kill(firstPid, 'SIGKILL');
      const second = await eventually('the agent to be restarted', async () => {
        const agent = (await service.status()).agents[0];
        return agent?.connected && agent.pid !== null && agent.pid !== firstPid ? agent : undefined;
      });
      assert.equal(second.restarts, 1);
      assert.equal(second.lastExit?.signal, 'SIGKILL');

      // A broadcast reaches the (new) agent.
      const broadcast = service.ctl('broadcast', 'Maintenance at 18:00', 'Please save your work', '--level', 'warning');
      assert.equal(broadcast.code, 0, broadcast.stderr);
      assert.match(broadcast.stdout, /Delivered to 1 session/);
      await eventually('the agent to log the notification', () => (/agent: .*Maintenance at 18:00/.test(service.logText()) ? true : undefined));

      // Status as JSON lists each agent with its session and state.
      const json = service.ctl('status', '--json');
      assert.equal(json.code, 0);
      const status = JSON.parse(json.stdout) as { agents: Array<{ sessionId: number; state: string }> };
      assert.deepEqual(status.agents.map((a) => a.state), ['running']);

      // Stop: the service exits cleanly and no agent is left.
      assert.equal(await service.stop(), 0);
      assert.equal(isAlive(second.pid ?? -1), false, 'the agent exited with the service');
      assert.equal(isAlive(firstPid), false);
      assert.match(service.logText(), /service stopped/);
    } finally {
      service.process.kill('SIGKILL');
    }
  });

  it('answers tandemctl errors with clear messages and the documented exit codes', async () => {
    const service = startService();
    try {
      await eventually('the service', async () => (await service.status()).pid);
      const unknownKey = service.ctl('config', 'set', 'agents.stopTimeout', '5');
      assert.equal(unknownKey.code, 1);
      assert.match(unknownKey.stderr, /E_INVALID_PARAMS: unknown configuration key `agents\.stopTimeout`/);
      const badValue = service.ctl('config', 'set', 'agents.stopTimeoutMs', 'soon');
      assert.equal(badValue.code, 1);
      assert.match(badValue.stderr, /agents\.stopTimeoutMs: .*expected number/);
      const usage = service.ctl('frobnicate');
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /unknown command `frobnicate`/);
    } finally {
      await service.stop();
    }
    const down = service.ctl('status');
    assert.equal(down.code, 3);
    assert.match(down.stderr, /the Tandem service is not running/);
  });
});
