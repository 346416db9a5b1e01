/** End to end through the simulator: sleep, Fast Startup, shutdown with an update, restart, power loss. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { eventually, isAlive, makeDirs, startService } from './console-harness.js';
import { connectedAgents, simulate } from './simulator-harness.js';

describe('simulator end to end: power', () => {
  it('sleep: agents are told; resume with a session ended meanwhile retires it and keeps the other agent', async () => {
    const service = startService(undefined, ['--sessions', '2']);
    try {
      const before = await connectedAgents(service, [1, 2]);
      const pidOf = (id: number): number => before.agents.find((a) => a.sessionId === id)?.pid ?? -1;
      const [pid1, pid2] = [pidOf(1), pidOf(2)];
      assert.deepEqual(simulate(service, 'suspend', '--end', '2'), ['SERVICE_CONTROL_POWEREVENT PBT_APMSUSPEND', '(session 2 ends while the machine sleeps; nothing is delivered)']);
      await eventually('both agents told of the sleep', () => (service.logText().match(/agent: the machine is going to sleep/g)?.length === 2 ? true : undefined));
      const refused = service.ctl('simulate', 'lock', '1');
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /E_CONFLICT: the simulated machine is asleep: simulate resume first/);
      assert.deepEqual(simulate(service, 'resume'), ['SERVICE_CONTROL_POWEREVENT PBT_APMRESUMEAUTOMATIC', 'SERVICE_CONTROL_POWEREVENT PBT_APMRESUMESUSPEND']);
      const after = await connectedAgents(service, [1]);
      assert.equal(after.agents[0]?.pid, pid1, 'the same agent');
      assert.equal(isAlive(pid2), false, "the ended session's agent is gone");
      assert.match(service.logText(), /session ended while unobserved; retiring its agent/);
      await eventually('the agent told of the wake', () => (/agent: the machine woke up/.test(service.logText()) ? true : undefined));
    } finally {
      await service.stop();
    }
  });

  it('Fast Startup: shut down logs everyone off and suspends the service; power-on finds nobody; the first logon gets an agent', async () => {
    const service = startService(undefined, ['--sessions', '1']);
    try {
      await connectedAgents(service, [1]);
      const sequence = simulate(service, 'shutdown', '--fast-startup');
      assert.deepEqual(sequence.slice(1), ['WTS_SESSION_LOGOFF 1', 'WTS_CONSOLE_DISCONNECT 1', 'SERVICE_CONTROL_POWEREVENT PBT_APMSUSPEND', '(session 0 hibernates (Fast Startup); simulate resume powers the machine on)']);
      simulate(service, 'resume');
      const status = await service.status();
      assert.deepEqual([status.sessions, status.agents], [[], []]);
      assert.equal(service.process.exitCode, null, 'the service was not stopped');
      assert.deepEqual(simulate(service, 'logon', 'user1'), ['WTS_SESSION_LOGON 1']);
      await connectedAgents(service, [1]);
    } finally {
      await service.stop();
    }
  });

  it('shutdown held by an update: the service runs with nobody logged on, then stops cleanly at PRESHUTDOWN; the restart is clean', async () => {
    const dirs = makeDirs();
    const service = startService(dirs, ['--sessions', '2']);
    await connectedAgents(service, [1, 2]);
    const sequence = simulate(service, 'shutdown', '--update-hold', '1500');
    assert.deepEqual(sequence.slice(-2), ['(an update holds the shutdown for 1500 ms; the service runs on with nobody logged on)', 'SERVICE_CONTROL_PRESHUTDOWN']);
    const during = await service.status();
    assert.deepEqual(during.sessions, []);
    const runState = path.join(dirs.dataDir, 'run-state.json');
    assert.equal((JSON.parse(readFileSync(runState, 'utf8')) as { state: string }).state, 'running');
    const exit = await service.exited;
    assert.equal(exit.code, 0);
    const stopped = JSON.parse(readFileSync(runState, 'utf8')) as { state: string; reason: string };
    assert.deepEqual([stopped.state, stopped.reason], ['stopped', 'preshutdown']);
    // Soft restart: the next boot finds a clean stop and both users again.
    const restarted = startService(dirs, ['--sessions', '2']);
    try {
      const status = await connectedAgents(restarted, [1, 2]);
      assert.equal(status.previousRun, 'clean');
    } finally {
      await restarted.stop();
    }
  });

  it('hard power loss: the service killed without notice; the next start says so, starts clean and runs its agents', async () => {
    const dirs = makeDirs();
    const service = startService(dirs, ['--sessions', '1']);
    const before = await connectedAgents(service, [1]);
    service.process.kill('SIGKILL');
    await service.exited;
    await eventually('the orphaned agent to exit', () => (isAlive(before.agents[0]?.pid ?? -1) ? undefined : true));
    const next = startService(dirs, ['--sessions', '1']);
    try {
      const status = await connectedAgents(next, [1]);
      assert.equal(status.previousRun, 'unclean');
      assert.match(next.ctl('status').stdout, /Previous run: ended without stopping \(power loss, crash or kill\)/);
      assert.match(next.logText(), /the previous run ended without stopping/);
    } finally {
      await next.stop();
    }
  });

  it('simulate is refused by a service that is not a simulator', async () => {
    const service = startService();
    try {
      await eventually('the service', async () => (await service.status()).pid);
      const refused = service.ctl('simulate', 'lock', '1');
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /E_NOT_SUPPORTED: simulate needs a service started as a session simulator: tandem-service console --sessions <n>/);
    } finally {
      await service.stop();
    }
  });
});
