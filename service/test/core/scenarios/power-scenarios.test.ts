/**
 * Scenarios of sleep, hibernation and shutdown: what the service is told, which agents survive,
 * which are retired or relaunched when it wakes, and how long stopping takes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settle } from '../fakes.js';
import { scenarioRig } from './scenario-rig.js';

describe('scenarios: power', () => {
  it('sleep and resume with a session ended meanwhile: it is retired, the other keeps its agent, nothing doubles', async () => {
    const rig = await scenarioRig({ sessions: 2 });
    const [kept] = rig.launcher.alive(1);
    const suspend = await rig.simulate({ action: 'suspend', endSessions: [2] });
    assert.deepEqual(suspend.sequence, ['SERVICE_CONTROL_POWEREVENT PBT_APMSUSPEND', '(session 2 ends while the machine sleeps; nothing is delivered)']);
    const resume = await rig.simulate({ action: 'resume' });
    assert.deepEqual(resume.sequence, ['SERVICE_CONTROL_POWEREVENT PBT_APMRESUMEAUTOMATIC', 'SERVICE_CONTROL_POWEREVENT PBT_APMRESUMESUSPEND']);
    await rig.advance(0);
    assert.deepEqual(rig.timeline, ['agent starts in 1', 'agent starts in 2', 'told power suspend', 'told power resume', 'agent of 2 exits SIGKILL']);
    assert.deepEqual(rig.agents(), { 1: 'running' });
    assert.deepEqual(rig.launcher.alive(), kept === undefined ? [] : [kept], 'the same agent, not a second one');
    assert.equal(rig.link.attached.size, 1);
  });

  it('an agent that died in its backoff across sleep is relaunched at resume, once', async () => {
    const rig = await scenarioRig({ sessions: 1, config: { restartInitialDelayMs: 60_000 } });
    await rig.simulate({ action: 'suspend' });
    rig.launcher.alive(1)[0]?.exit(1);
    await rig.advance(0);
    assert.equal(rig.agents()[1], 'backoff');
    await rig.simulate({ action: 'resume' });
    await rig.advance(0);
    assert.deepEqual(rig.agents(), { 1: 'running' });
    await rig.advance(120_000);
    assert.equal(rig.launcher.alive(1).length, 1, 'the cancelled backoff starts no second agent');
    assert.equal(rig.launcher.processes.length, 2);
  });

  it('shutdown with Fast Startup: users logged off, session 0 hibernates; power-on finds nobody, the first logon gets an agent', async () => {
    const rig = await scenarioRig({ sessions: 2 });
    const shutdown = await rig.simulate({ action: 'shutdown', fastStartup: true });
    assert.deepEqual(shutdown.sequence, [
      '(Windows ends the 1 agent process(es) of session 1: 0xC000013A; the LOGOFF notification follows)',
      '(Windows ends the 1 agent process(es) of session 2: 0xC000013A; the LOGOFF notification follows)',
      'WTS_SESSION_LOGOFF 1',
      'WTS_CONSOLE_DISCONNECT 1',
      'WTS_SESSION_LOGOFF 2',
      'SERVICE_CONTROL_POWEREVENT PBT_APMSUSPEND',
      '(session 0 hibernates (Fast Startup); simulate resume powers the machine on)',
    ]);
    await rig.simulate({ action: 'resume' });
    await rig.advance(0);
    assert.deepEqual(rig.supervisor.sessions(), []);
    assert.deepEqual((await rig.simulate({ action: 'logon', user: 'user1' })).sequence, ['WTS_SESSION_LOGON 1']);
    await rig.advance(0);
    assert.deepEqual(rig.agents(), { 1: 'running' });
    assert.equal(rig.launcher.processes.length, 3, 'two before the shutdown, one after');
    assert.ok(!rig.timeline.includes('told stop preshutdown'), 'Fast Startup does not stop the service');
  });

  it('shutdown: users logged off, then PRESHUTDOWN after an update held it', async () => {
    const rig = await scenarioRig({ sessions: 1 });
    const shutdown = await rig.simulate({ action: 'shutdown', updateHoldMs: 180_000 });
    assert.deepEqual(shutdown.sequence.slice(1), [
      'WTS_SESSION_LOGOFF 1',
      'WTS_CONSOLE_DISCONNECT 1',
      '(an update holds the shutdown for 180000 ms; the service runs on with nobody logged on)',
      'SERVICE_CONTROL_PRESHUTDOWN',
    ]);
    await rig.advance(170_000);
    assert.ok(!rig.timeline.includes('told stop preshutdown'));
    assert.deepEqual(rig.supervisor.sessions(), [], 'nobody logged on while the update runs');
    await rig.advance(10_000);
    assert.equal(rig.timeline.at(-1), 'told stop preshutdown');
    await assert.rejects(rig.simulation.simulator.run({ action: 'lock', sessionId: 1 }), { code: 'E_CONFLICT', message: 'the simulated machine has shut down' });
  });

  it('stopping at shutdown ends 50 agents that ignore the request within the shutdown bound, whatever stopTimeoutMs says', async () => {
    const rig = await scenarioRig({ sessions: 50, config: { stopTimeoutMs: 120_000 } });
    rig.link.connected = true; // asked, and never answering
    assert.equal(rig.launcher.alive().length, 50);
    const started = rig.clock.now();
    let stopped = false;
    const stopping = rig.supervisor.stop('service-stop', 5_000).then(() => (stopped = true));
    await settle();
    await rig.clock.advance(4_999);
    assert.equal(stopped, false);
    await rig.clock.advance(1);
    await stopping;
    assert.equal(rig.clock.now() - started, 5_000);
    assert.equal(rig.launcher.alive().length, 0);
  });
});
