/** End to end through the simulator: logoffs Windows runs ahead of its notification, a busy tray, a late token. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, isAlive, startService } from './console-harness.js';
import { connectedAgents, simulate, startsIn } from './simulator-harness.js';

describe('simulator end to end: logons and logoffs', () => {
  it('logoff: the agent ended before the notification is not relaunched; logoff with the tray busy; a late token', async () => {
    const service = startService(undefined, ['--sessions', '2']);
    try {
      const before = await connectedAgents(service, [1, 2]);
      const pid1 = before.agents.find((a) => a.sessionId === 1)?.pid ?? -1;
      assert.deepEqual(simulate(service, 'logoff', '1'), [
        '(Windows ends the 1 agent process(es) of session 1: 0xC000013A; the LOGOFF notification follows)',
        'WTS_SESSION_LOGOFF 1',
        'WTS_CONSOLE_DISCONNECT 1',
        'WTS_CONSOLE_CONNECT 1',
      ]);
      await eventually('session 1 retired', async () => ((await service.status()).sessions.some((s) => s.id === 1) ? undefined : true));
      assert.equal(isAlive(pid1), false);
      assert.equal(startsIn(service, 1), 1, 'no relaunch between the kill and the LOGOFF 1.5 s later');
      assert.match(service.logText(), /agent ended because its session is logging off or the machine is shutting down; not a crash/);

      // The tray in session 2 holds the sign-out up: Windows waits, then ends it.
      const busy = simulate(service, 'logoff', '2', '--busy');
      assert.equal(busy[0], '(the tray holds the sign-out of session 2 up; Windows ends it after 5000 ms)');
      assert.deepEqual(busy.slice(2), ['WTS_SESSION_LOGOFF 2']);
      const nobody = await eventually('nobody logged on', async () => ((await service.status()).sessions.length === 0 ? true : undefined));
      assert.equal(nobody, true);
      assert.match(service.ctl('status').stdout, /nobody is logged on/);
      assert.equal(startsIn(service, 2), 1);

      // A logon whose token comes 2 s late: an agent, without a failure counted.
      assert.deepEqual(simulate(service, 'logon', 'carol', '--token-delay', '2000').slice(0, 1), ['WTS_SESSION_LOGON 1']);
      const late = await connectedAgents(service, [1]);
      assert.deepEqual([late.agents[0]?.restarts, late.agents[0]?.lastExit], [0, null]);
      assert.match(service.logText(), /the session's user token is not available yet; asking again/);
    } finally {
      await service.stop();
    }
  });
});
