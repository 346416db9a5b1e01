/**
 * Scenarios of logons and logoffs where Windows' timing bites: agents ended before the logoff is
 * told, a tray that holds the logoff up, a relaunch into a session that is logging off, a user
 * token that comes late, a boot with nobody logged on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scenarioRig } from './scenario-rig.js';


describe('scenarios: logons and logoffs', () => {
  it('logoff: the agent ended by Windows before LOGOFF is not a crash and is not relaunched', async () => {
    const rig = await scenarioRig({ sessions: 1 });
    const result = await rig.simulate({ action: 'logoff', sessionId: 1 });
    assert.deepEqual(result.sequence, [
      '(Windows ends the 1 agent process(es) of session 1: 0xC000013A; the LOGOFF notification follows)',
      'WTS_SESSION_LOGOFF 1',
      'WTS_CONSOLE_DISCONNECT 1',
      'WTS_CONSOLE_CONNECT 1',
    ]);
    await rig.advance(10_000);
    // The notice came 1.5 s after the exit, later than the first restart (1 s): still no relaunch.
    assert.deepEqual(rig.timeline, ['agent starts in 1', 'agent of 1 exits 0xC000013A', 'told logoff 1', 'told console-disconnect 1', 'told console-connect 1']);
    assert.deepEqual(rig.supervisor.sessions(), []);
    assert.deepEqual(rig.link.attached.size, 0);
  });

  it('logoff with the tray busy: it holds the logoff up, Windows ends it, nothing is relaunched', async () => {
    const rig = await scenarioRig({ sessions: 1 });
    rig.link.connected = true; // the tray is connected but ignores every request
    const result = await rig.simulate({ action: 'logoff', sessionId: 1, busy: true });
    assert.equal(result.sequence[0], '(the tray holds the sign-out of session 1 up; Windows ends it after 5000 ms)');
    assert.equal(result.sequence[1], '(Windows ends the 1 agent process(es) of session 1: 0x40010004; the LOGOFF notification follows)');
    await rig.advance(10_000);
    assert.deepEqual(rig.timeline.slice(0, 3), ['agent starts in 1', 'agent of 1 exits 0x40010004', 'told logoff 1']);
    assert.equal(rig.launcher.processes.length, 1);
    assert.deepEqual(rig.agents(), {});
  });

  it('a crash while the session logs off: the relaunch fails with STATUS_DLL_INIT_FAILED_LOGOFF and is not counted', async () => {
    const rig = await scenarioRig({ sessions: 1, config: { crashLoopFailures: 2 } });
    const session = rig.simulation.machine.sessions.get(1);
    assert.ok(session);
    session.loggingOff = true; // Windows has begun the logoff; the notification has not come
    rig.launcher.alive(1)[0]?.exit(1);
    await rig.advance(0);
    await rig.advance(1_000); // the backoff's relaunch: into a session that is logging off
    assert.deepEqual(rig.supervisor.agents()[0]?.lastExit?.code, 0xc000026b);
    assert.equal(rig.agents()[1], 'stopped', 'not backoff, not crash-loop');
    rig.simulation.machine.sessions.delete(1);
    rig.simulation.machine.notify('WTS_SESSION_LOGOFF', 1);
    await rig.advance(10_000);
    assert.deepEqual(rig.agents(), {});
    assert.equal(rig.launcher.processes.length, 1, 'the failed relaunch started no process');
  });

  it('a crash just as the session ends, with its LOGOFF lost: re-checked before relaunch, retired instead', async () => {
    const rig = await scenarioRig({ sessions: 1 });
    rig.simulation.machine.sessions.delete(1);
    rig.launcher.alive(1)[0]?.exit(1);
    await rig.advance(0);
    await rig.advance(1_000);
    assert.deepEqual(rig.supervisor.sessions(), []);
    assert.equal(rig.launcher.processes.length, 1);
  });

  it('a logon whose user token is late is asked again with backoff, not counted as a failure', async () => {
    const rig = await scenarioRig({ sessions: 1 });
    const result = await rig.simulate({ action: 'logon', user: 'bob', remote: true, tokenDelayMs: 3_000 });
    assert.deepEqual(result.sequence, ['WTS_REMOTE_CONNECT 2', 'WTS_SESSION_LOGON 2', '(the user token of session 2 is available 3000 ms after the logon)']);
    await rig.advance(2_000);
    assert.equal(rig.agents()[2], undefined, 'no agent before the token');
    await rig.advance(2_000); // asked at 0.25, 0.75, 1.75, 3.75 s
    assert.deepEqual(rig.agents(), { 1: 'running', 2: 'running' });
    const agent = rig.supervisor.agents().find((a) => a.sessionId === 2);
    assert.deepEqual([agent?.restarts, agent?.lastExit], [0, null]);
    assert.equal(rig.launcher.processes.length, 2);
  });

  it('boot with nobody logged on: the service runs with no session, and the first logon gets an agent', async () => {
    const rig = await scenarioRig({ sessions: 0 });
    assert.deepEqual(rig.supervisor.sessions(), []);
    const logon = await rig.simulate({ action: 'logon', user: 'alice' });
    assert.deepEqual(logon.sequence, ['WTS_SESSION_LOGON 1']);
    await rig.advance(0);
    assert.deepEqual(rig.agents(), { 1: 'running' });
  });
});
