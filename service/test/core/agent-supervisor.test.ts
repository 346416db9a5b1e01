import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigSchema, type Config } from '@tandem/shared';
import { AgentSupervisor } from '../../src/core/agent-supervisor.js';
import { ScriptedSessionSource } from '../../src/platform/console/scripted-session-source.js';
import { pino } from 'pino';
import { FakeClock, FakeLauncher, FakeLink, fakeEndpoints, settle } from './fakes.js';

interface LoggedLine {
  readonly msg: string;
  readonly err?: { readonly message: string };
}

/** Polls `condition` on every turn of the event loop; fails after 5 s. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await settle();
  }
}

function setup(config: Config = ConfigSchema.parse({})) {
  const logged: LoggedLine[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logged.push(JSON.parse(line) as LoggedLine) });
  const sessions = new ScriptedSessionSource();
  const launcher = new FakeLauncher();
  const link = new FakeLink();
  const clock = new FakeClock();
  let current = config;
  const supervisor = new AgentSupervisor({
    platform: { sessions, launcher, endpoints: fakeEndpoints },
    link,
    clock,
    log,
    config: () => current,
  });
  return { sessions, launcher, link, clock, supervisor, logged, setConfig: (next: Config) => void (current = next) };
}

/** Waits until the supervisor's queue has applied everything emitted so far. */
async function drain(supervisor: AgentSupervisor): Promise<void> {
  await supervisor.reevaluate();
  await settle();
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('AgentSupervisor', () => {
  it('starts one agent for each session present at start, and one at each logon', async () => {
    const t = setup();
    t.sessions.logon(1, 'alice', { announce: false });
    await t.supervisor.start();
    await settle();
    assert.equal(t.launcher.alive(1).length, 1);
    t.sessions.logon(2, 'bob', { remote: true });
    await drain(t.supervisor);
    assert.equal(t.launcher.alive(2).length, 1);
    assert.deepEqual(t.supervisor.sessions().map((s) => [s.id, s.user, s.remote]), [[1, 'alice', false], [2, 'bob', true]]);
  });

  it('keeps exactly the right agents for every order of one session\'s events', async () => {
    const kinds = ['logon', 'lock', 'unlock', 'disconnect', 'connect', 'logoff'] as const;
    let orders = 0;
    for (const order of permutations(kinds)) {
      const t = setup();
      await t.supervisor.start();
      let loggedOn = false;
      for (const kind of order) {
        if (kind === 'logon') {
          t.sessions.logon(7, 'carol');
          loggedOn = true;
        } else if (kind === 'logoff') {
          t.sessions.logoff(7);
          loggedOn = false;
        } else {
          t.sessions[kind](7);
        }
        await drain(t.supervisor);
        const alive = t.launcher.alive(7).length;
        assert.equal(alive, loggedOn ? 1 : 0, `after ${order.slice(0, order.indexOf(kind) + 1).join(' → ')}`);
        assert.equal(t.link.attached.size, loggedOn ? 1 : 0, 'one endpoint per tracked session');
      }
      orders++;
    }
    assert.equal(orders, 720);
  });

  it('keeps the agent through lock and disconnect, and reports the session state', async () => {
    const t = setup();
    await t.supervisor.start();
    t.sessions.logon(3, 'dave', { remote: true });
    await drain(t.supervisor);
    const [agent] = t.launcher.alive(3);
    t.sessions.lock(3);
    t.sessions.disconnect(3);
    await drain(t.supervisor);
    assert.deepEqual(t.launcher.alive(3), agent === undefined ? [] : [agent]);
    assert.equal(t.supervisor.sessions()[0]?.state, 'disconnected');
  });

  it('restarts a crashed agent with backoff doubling to the cap and resets it after a healthy run', async () => {
    const t = setup();
    await t.supervisor.start();
    t.sessions.logon(1, 'alice');
    await drain(t.supervisor);
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const [agent] = t.launcher.alive(1);
      assert.ok(agent, `an agent runs before crash ${i + 1}`);
      agent.exit(1);
      await settle();
      const info = t.supervisor.agents()[0];
      assert.equal(info?.state, 'backoff');
      const next = Date.parse(info?.nextRestartAt ?? '');
      delays.push(next - t.clock.now());
      await t.clock.advance(next - t.clock.now());
      assert.equal(t.launcher.alive(1).length, 1, 'restarted when the delay is over');
    }
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    // A healthy run (60 s) resets the backoff.
    await t.clock.advance(60_000);
    t.launcher.alive(1)[0]?.exit(1);
    await settle();
    assert.equal(Date.parse(t.supervisor.agents()[0]?.nextRestartAt ?? '') - t.clock.now(), 1_000);
    assert.equal(t.supervisor.agents()[0]?.restarts, 7);
  });

  it('stops restarting after a crash loop until an explicit restart', async () => {
    const t = setup();
    await t.supervisor.start();
    t.sessions.logon(1, 'alice');
    await drain(t.supervisor);
    for (let i = 0; i < 10; i++) {
      t.launcher.alive(1)[0]?.exit(3);
      await settle();
      await t.clock.advance(30_000);
    }
    assert.equal(t.supervisor.agents()[0]?.state, 'crash-loop');
    assert.equal(t.launcher.alive(1).length, 0);
    await t.clock.advance(3_600_000);
    assert.equal(t.launcher.alive(1).length, 0, 'no restart while crash-looping');
    assert.deepEqual(await t.supervisor.restart(1), [1]);
    await settle();
    assert.equal(t.launcher.alive(1).length, 1);
    assert.equal(t.supervisor.agents()[0]?.state, 'running');
  });

  it('cancels a pending restart when the user logs off during the backoff', async () => {
    const t = setup();
    await t.supervisor.start();
    t.sessions.logon(1, 'alice');
    await drain(t.supervisor);
    t.launcher.alive(1)[0]?.exit(1);
    await settle();
    assert.equal(t.supervisor.agents()[0]?.state, 'backoff');
    t.sessions.logoff(1);
    await drain(t.supervisor);
    await t.clock.advance(60_000);
    assert.equal(t.launcher.alive().length, 0);
    assert.equal(t.clock.pending, 0, 'no timer left behind');
    assert.deepEqual(t.supervisor.agents(), []);
  });

  it('treats a reused session id with a new logon as a new session, with a fresh agent and endpoint', async () => {
    const t = setup();
    await t.supervisor.start();
    t.sessions.logon(5, 'alice');
    await drain(t.supervisor);
    const [first] = t.launcher.alive(5);
    // Alice's logoff is lost; Bob logs on and gets the same session id.
    t.sessions.logon(5, 'bob');
    await drain(t.supervisor);
    assert.equal(first?.alive, false, "alice's agent is stopped");
    const alive = t.launcher.alive(5);
    assert.equal(alive.length, 1);
    assert.equal(alive[0]?.session.user, 'bob');
    assert.equal(t.link.attached.size, 1);
    assert.ok([...t.link.attached][0]?.includes(alive[0]?.session.logonId ?? '?'));
  });

  it('stops gracefully: asks the connected agent, terminates one that does not exit in time', async () => {
    const t = setup();
    await t.supervisor.start();
    t.sessions.logon(1, 'alice');
    t.sessions.logon(2, 'bob');
    await drain(t.supervisor);
    t.link.connected = true;
    // Alice's agent exits when asked; Bob's ignores the request.
    t.link.onShutdown = (sessionId) => {
      if (sessionId === 1) t.launcher.alive(1)[0]?.exit(0);
    };
    const [alice] = t.launcher.alive(1);
    const [bob] = t.launcher.alive(2);
    const stopping = t.supervisor.stop();
    await settle();
    await t.clock.advance(5_000);
    await stopping;
    assert.equal(t.launcher.alive().length, 0);
    assert.equal((await alice?.exited)?.code, 0);
    assert.equal((await bob?.exited)?.signal, 'SIGKILL');
    assert.equal(t.link.attached.size, 0);
  });

  it('does not relaunch after the user quit, until the next logon', async () => {
    const t = setup();
    await t.supervisor.start();
    t.sessions.logon(1, 'alice');
    await drain(t.supervisor);
    t.supervisor.quit(1);
    t.launcher.alive(1)[0]?.exit(0);
    await settle();
    await t.clock.advance(120_000);
    assert.equal(t.supervisor.agents()[0]?.state, 'quit');
    assert.equal(t.launcher.alive(1).length, 0);
    t.sessions.logoff(1);
    t.sessions.logon(1, 'alice');
    await drain(t.supervisor);
    assert.equal(t.launcher.alive(1).length, 1);
  });

  it('follows eligibility: none stops every agent, a group admits only its members', async () => {
    const t = setup();
    await t.supervisor.start();
    t.sessions.logon(1, 'alice');
    t.sessions.logon(2, 'bob');
    await drain(t.supervisor);
    t.setConfig(ConfigSchema.parse({ agents: { eligibility: { mode: 'none' } } }));
    await drain(t.supervisor);
    assert.equal(t.launcher.alive().length, 0);
    assert.deepEqual(t.supervisor.sessions().map((s) => s.eligible), [false, false]);
    t.sessions.addToGroup('vpn', 'uid-bob');
    t.setConfig(ConfigSchema.parse({ agents: { eligibility: { mode: 'group', group: 'vpn' } } }));
    await drain(t.supervisor);
    assert.deepEqual(t.launcher.alive().map((p) => p.session.user), ['bob']);
  });

  it('kills a process whose launch finished after its session logged off', async () => {
    const t = setup();
    await t.supervisor.start();
    const open = t.launcher.hold();
    t.sessions.logon(1, 'alice');
    await drain(t.supervisor);
    assert.equal(t.launcher.pending, 1, 'the launch is under way');
    t.sessions.logoff(1);
    const loggedOff = drain(t.supervisor);
    open();
    await loggedOff;
    assert.equal(t.launcher.processes.length, 1, 'the late launch produced a process');
    assert.equal(t.launcher.alive().length, 0);
    assert.equal(t.link.attached.size, 0);
  });

  it('kills a process whose launch finished after the user quit', async () => {
    const t = setup();
    await t.supervisor.start();
    const open = t.launcher.hold();
    t.sessions.logon(1, 'alice');
    await drain(t.supervisor);
    t.supervisor.quit(1);
    open();
    await until(() => t.launcher.processes.length === 1 && t.launcher.alive().length === 0);
    assert.equal(t.supervisor.agents()[0]?.state, 'quit');
  });

  it('starts no backoff for a launch that failed after its session logged off', async () => {
    const t = setup();
    await t.supervisor.start();
    const open = t.launcher.hold();
    t.launcher.failWith = new Error('CreateProcessAsUserW failed: 5 ERROR_ACCESS_DENIED');
    t.sessions.logon(1, 'alice');
    await drain(t.supervisor);
    t.sessions.logoff(1);
    const loggedOff = drain(t.supervisor);
    open();
    await loggedOff;
    assert.equal(t.clock.pending, 0, 'no restart timer left for a retired slot');
    t.launcher.failWith = undefined;
    await t.clock.advance(60_000);
    assert.equal(t.launcher.processes.length, 0);
  });

  it('restarts every eligible agent, and refuses an unknown or ineligible session', async () => {
    const t = setup();
    await t.supervisor.start();
    t.sessions.logon(1, 'alice');
    t.sessions.logon(2, 'bob');
    await drain(t.supervisor);
    assert.deepEqual(await t.supervisor.restart(undefined), [1, 2]);
    await until(() => t.launcher.processes.length === 4);
    assert.deepEqual(t.launcher.alive().map((p) => p.session.id).sort(), [1, 2]);
    await assert.rejects(t.supervisor.restart(9), { code: 'E_NOT_FOUND', message: 'no session 9 is tracked' });
    t.sessions.addToGroup('vpn', 'uid-bob');
    t.setConfig(ConfigSchema.parse({ agents: { eligibility: { mode: 'group', group: 'vpn' } } }));
    await drain(t.supervisor);
    await assert.rejects(t.supervisor.restart(1), { code: 'E_CONFLICT', message: 'session 1 is not eligible for an agent' });
    assert.deepEqual(await t.supervisor.restart(undefined), [2]);
  });

  it('ignores session events queued before it stopped', async () => {
    const t = setup();
    await t.supervisor.start();
    t.sessions.logon(1, 'alice');
    t.sessions.lock(1);
    await t.supervisor.stop();
    assert.equal(t.launcher.processes.length, 0);
    assert.equal(t.link.attached.size, 0);
    assert.deepEqual(t.supervisor.sessions(), []);
  });

  it('logs a failure inside the session queue and goes on with the next event', async () => {
    const t = setup();
    await t.supervisor.start();
    const probe = t.sessions.probe.bind(t.sessions);
    let failures = 1;
    t.sessions.probe = async (id) => {
      if (failures-- > 0) throw new Error('WTSQuerySessionInformationW failed: 5 ERROR_ACCESS_DENIED');
      return probe(id);
    };
    t.sessions.logon(1, 'alice');
    t.sessions.logon(2, 'bob');
    await drain(t.supervisor);
    assert.deepEqual(t.supervisor.sessions().map((s) => s.id), [2]);
    assert.deepEqual(t.logged.filter((line) => line.msg === 'session handling failed').map((line) => line.err?.message), ['WTSQuerySessionInformationW failed: 5 ERROR_ACCESS_DENIED']);
  });

  it('handles 1,000 sessions logging on and off', async () => {
    const t = setup();
    await t.supervisor.start();
    for (let id = 1; id <= 1_000; id++) t.sessions.logon(id, `user${id}`);
    await drain(t.supervisor);
    assert.equal(t.launcher.alive().length, 1_000);
    assert.equal(new Set(t.launcher.alive().map((p) => p.session.id)).size, 1_000);
    for (let id = 1; id <= 1_000; id += 2) t.sessions.logoff(id);
    await drain(t.supervisor);
    assert.equal(t.launcher.alive().length, 500);
    assert.ok(t.launcher.alive().every((p) => p.session.id % 2 === 0));
    for (let id = 2; id <= 1_000; id += 2) t.sessions.logoff(id);
    await drain(t.supervisor);
    assert.equal(t.launcher.alive().length, 0);
    assert.equal(t.link.attached.size, 0);
    assert.equal(t.clock.pending, 0);
  });

  it('retries a failed launch with backoff instead of giving up', async () => {
    const t = setup();
    t.launcher.failWith = new Error('CreateProcessAsUserW failed: 5 ERROR_ACCESS_DENIED');
    await t.supervisor.start();
    t.sessions.logon(1, 'alice');
    await drain(t.supervisor);
    assert.equal(t.supervisor.agents()[0]?.state, 'backoff');
    t.launcher.failWith = undefined;
    await t.clock.advance(1_000);
    assert.equal(t.launcher.alive(1).length, 1);
  });
});

describe('AgentSupervisor connection state', () => {
  it('counts a new agent as connected when the dead one\'s socket closes after its exit', async () => {
    const t = setup();
    await t.supervisor.start();
    t.sessions.logon(1, 'alice');
    await drain(t.supervisor);
    t.supervisor.connectionChanged(1, true);
    t.launcher.alive(1)[0]?.exit(1);
    await settle();
    await t.clock.advance(1_000);
    t.supervisor.connectionChanged(1, true); // the new agent connects…
    t.supervisor.connectionChanged(1, false); // …then the old socket's close arrives
    assert.equal(t.supervisor.agents()[0]?.connected, true);
  });
});
