/**
 * Scenarios of users switching, connecting and disconnecting, as the simulator reports them the
 * way Windows does: the exact notifications, in order, and the agents that result.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scenarioRig } from './scenario-rig.js';

describe('scenarios: switching and remote sessions', () => {
  it('fast user switching from user1 to a new user and back keeps both agents, each launched once', async () => {
    const rig = await scenarioRig({ sessions: 1 });
    const logon = await rig.simulate({ action: 'logon', user: 'bob' });
    assert.deepEqual(logon.sequence, ['WTS_SESSION_LOCK 1', 'WTS_CONSOLE_DISCONNECT 1', 'WTS_CONSOLE_CONNECT 2', 'WTS_SESSION_LOGON 2']);
    assert.equal(logon.sessionId, 2);
    await rig.advance(0);
    assert.deepEqual(rig.supervisor.sessions().map((s) => [s.id, s.user, s.state, s.console]), [[1, 'user1', 'disconnected', false], [2, 'bob', 'active', true]]);
    const back = await rig.simulate({ action: 'switch', sessionId: 1 });
    assert.deepEqual(back.sequence, ['WTS_SESSION_LOCK 2', 'WTS_CONSOLE_DISCONNECT 2', 'WTS_CONSOLE_CONNECT 1', 'WTS_SESSION_UNLOCK 1']);
    await rig.advance(0);
    assert.deepEqual(rig.timeline, [
      'agent starts in 1',
      'told lock 1',
      'told console-disconnect 1',
      'told console-connect 2',
      'told logon 2',
      'agent starts in 2',
      'told lock 2',
      'told console-disconnect 2',
      'told console-connect 1',
      'told unlock 1',
    ]);
    assert.deepEqual(rig.agents(), { 1: 'running', 2: 'running' });
    assert.deepEqual(rig.supervisor.sessions().map((s) => [s.id, s.state, s.console]), [[1, 'active', true], [2, 'disconnected', false]]);
  });

  it('RDP: a second session connects, disconnects, and is reconnected from another client without a new agent', async () => {
    const rig = await scenarioRig({ sessions: 1 });
    const connect = await rig.simulate({ action: 'logon', user: 'bob', remote: true });
    assert.deepEqual(connect.sequence, ['WTS_REMOTE_CONNECT 2', 'WTS_SESSION_LOGON 2']);
    assert.deepEqual((await rig.simulate({ action: 'disconnect', sessionId: 2 })).sequence, ['WTS_REMOTE_DISCONNECT 2']);
    await rig.advance(0);
    assert.equal(rig.supervisor.sessions().find((s) => s.id === 2)?.state, 'disconnected');
    assert.deepEqual(rig.agents(), { 1: 'running', 2: 'running' }, 'a disconnected session keeps its agent');
    assert.deepEqual((await rig.simulate({ action: 'connect', sessionId: 2 })).sequence, ['WTS_REMOTE_CONNECT 2']);
    // A second client takes the connected session over: the first is disconnected.
    assert.deepEqual((await rig.simulate({ action: 'connect', sessionId: 2 })).sequence, ['WTS_REMOTE_DISCONNECT 2', 'WTS_REMOTE_CONNECT 2']);
    await rig.advance(0);
    assert.deepEqual(rig.timeline.filter((line) => line.startsWith('agent')), ['agent starts in 1', 'agent starts in 2']);
    assert.deepEqual(rig.supervisor.sessions().map((s) => [s.id, s.state, s.remote]), [[1, 'active', false], [2, 'active', true]]);
  });

  it("the console switched to another user's session moves nothing but session states", async () => {
    const rig = await scenarioRig({ sessions: 2 });
    assert.deepEqual(rig.supervisor.sessions().map((s) => [s.id, s.state, s.console]), [[1, 'active', true], [2, 'disconnected', false]]);
    const sequence = (await rig.simulate({ action: 'connect', sessionId: 2, remote: false })).sequence;
    assert.deepEqual(sequence, ['WTS_SESSION_LOCK 1', 'WTS_CONSOLE_DISCONNECT 1', 'WTS_CONSOLE_CONNECT 2', 'WTS_SESSION_UNLOCK 2']);
    await rig.advance(0);
    assert.deepEqual(rig.supervisor.sessions().map((s) => [s.id, s.state, s.console]), [[1, 'disconnected', false], [2, 'active', true]]);
    assert.equal(rig.launcher.processes.length, 2);
    assert.deepEqual(rig.agents(), { 1: 'running', 2: 'running' });
  });

  it('lock and unlock change the state only', async () => {
    const rig = await scenarioRig({ sessions: 1 });
    assert.deepEqual((await rig.simulate({ action: 'lock', sessionId: 1 })).sequence, ['WTS_SESSION_LOCK 1']);
    await rig.advance(0);
    assert.equal(rig.supervisor.sessions()[0]?.state, 'locked');
    assert.deepEqual((await rig.simulate({ action: 'unlock', sessionId: 1 })).sequence, ['WTS_SESSION_UNLOCK 1']);
    await rig.advance(0);
    assert.equal(rig.supervisor.sessions()[0]?.state, 'active');
    assert.equal(rig.launcher.processes.length, 1);
  });
});
