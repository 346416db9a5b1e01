/**
 * End to end through the session simulator, with the real service, real headless agents and the
 * real tandemctl: users switching, RDP sessions coming and going, the console moving.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAlive, startService } from './console-harness.js';
import { connectedAgents, simulate, startsIn } from './simulator-harness.js';

describe('simulator end to end: switching and remote sessions', () => {
  it('fast user switching to a new user and back: both agents live through it, each started once', async () => {
    const service = startService(undefined, ['--sessions', '1']);
    try {
      const before = await connectedAgents(service, [1]);
      const firstPid = before.agents[0]?.pid ?? -1;
      assert.deepEqual(simulate(service, 'logon', 'bob'), ['WTS_SESSION_LOCK 1', 'WTS_CONSOLE_DISCONNECT 1', 'WTS_CONSOLE_CONNECT 2', 'WTS_SESSION_LOGON 2']);
      const switched = await connectedAgents(service, [1, 2]);
      assert.deepEqual(switched.sessions.map((s) => [s.id, s.user, s.state, s.console]), [[1, 'user1', 'disconnected', false], [2, 'bob', 'active', true]]);
      assert.deepEqual(simulate(service, 'switch', '1'), ['WTS_SESSION_LOCK 2', 'WTS_CONSOLE_DISCONNECT 2', 'WTS_CONSOLE_CONNECT 1', 'WTS_SESSION_UNLOCK 1']);
      const back = await connectedAgents(service, [1, 2]);
      assert.deepEqual(back.sessions.map((s) => [s.id, s.state, s.console]), [[1, 'active', true], [2, 'disconnected', false]]);
      assert.equal(back.agents.find((a) => a.sessionId === 1)?.pid, firstPid, "user1's agent was never restarted");
      assert.deepEqual([startsIn(service, 1), startsIn(service, 2)], [1, 1]);
      const text = service.ctl('status');
      assert.match(text.stdout, /1\s+user1\s+active\s+console\s+running/);
      assert.match(text.stdout, /2\s+bob\s+disconnected\s+other\s+running/);
    } finally {
      await service.stop();
    }
  });

  it('RDP: a second session connects, disconnects, is reconnected from another client; the console moves to it', async () => {
    const service = startService(undefined, ['--sessions', '1']);
    try {
      await connectedAgents(service, [1]);
      assert.deepEqual(simulate(service, 'logon', 'bob', '--remote'), ['WTS_REMOTE_CONNECT 2', 'WTS_SESSION_LOGON 2']);
      const connected = await connectedAgents(service, [1, 2]);
      const bobPid = connected.agents.find((a) => a.sessionId === 2)?.pid ?? -1;
      assert.deepEqual(simulate(service, 'disconnect', '2'), ['WTS_REMOTE_DISCONNECT 2']);
      assert.deepEqual(simulate(service, 'connect', '2'), ['WTS_REMOTE_CONNECT 2']);
      assert.deepEqual(simulate(service, 'connect', '2'), ['WTS_REMOTE_DISCONNECT 2', 'WTS_REMOTE_CONNECT 2']);
      const reconnected = await connectedAgents(service, [1, 2]);
      assert.equal(reconnected.agents.find((a) => a.sessionId === 2)?.pid, bobPid);
      assert.equal(reconnected.sessions.find((s) => s.id === 2)?.remote, true);
      // bob walks to the machine: the console is switched to his session.
      assert.deepEqual(simulate(service, 'connect', '2', '--console'), ['WTS_SESSION_LOCK 1', 'WTS_CONSOLE_DISCONNECT 1', 'WTS_REMOTE_DISCONNECT 2', 'WTS_CONSOLE_CONNECT 2']);
      const moved = await connectedAgents(service, [1, 2]);
      assert.deepEqual(moved.sessions.map((s) => [s.id, s.state, s.console, s.remote]), [[1, 'disconnected', false, false], [2, 'active', true, false]]);
      assert.equal(isAlive(bobPid), true);
      assert.deepEqual([startsIn(service, 1), startsIn(service, 2)], [1, 1]);
    } finally {
      await service.stop();
    }
  });
});
