/**
 * The supervisor at boot: Terminal Services not ready, sessions that cannot be listed yet, and a
 * logon that happens while the service is still starting (never announced).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigSchema } from '@tandem/shared';
import { AgentSupervisor } from '../../src/core/agent-supervisor.js';
import { ScriptedSessionSource } from '../../src/platform/console/scripted-session-source.js';
import { FakeClock, FakeLauncher, FakeLink, fakeEndpoints, settle, silentLogger } from './fakes.js';

function setup() {
  const sessions = new ScriptedSessionSource();
  const launcher = new FakeLauncher();
  const clock = new FakeClock();
  const config = ConfigSchema.parse({});
  const supervisor = new AgentSupervisor({ platform: { sessions, launcher, endpoints: fakeEndpoints }, link: new FakeLink(), clock, log: silentLogger, config: () => config });
  return { sessions, launcher, clock, supervisor };
}

describe('AgentSupervisor at boot', () => {
  it('waits for the session manager before listing, then adopts', async () => {
    const t = setup();
    t.sessions.logon(1, 'alice', { announce: false });
    const ready = t.sessions.holdReady();
    let adopted = false;
    const start = t.supervisor.start().then(() => (adopted = true));
    await settle();
    assert.equal(adopted, false);
    assert.equal(t.launcher.processes.length + t.launcher.pending, 0, 'nothing listed before ready');
    ready(true);
    await start;
    await settle();
    assert.equal(t.launcher.alive(1).length, 1);
  });

  it('retries a listing that fails (LSM not up yet) with a backoff, then adopts', async () => {
    const t = setup();
    t.sessions.logon(1, 'alice', { announce: false });
    t.sessions.failListings(3);
    const list = t.sessions.list.bind(t.sessions);
    const listedAt: number[] = [];
    t.sessions.list = () => {
      listedAt.push(t.clock.now());
      return list();
    };
    let adoptedAt: number | undefined;
    const start = t.supervisor.start().then(() => (adoptedAt = t.clock.now()));
    for (let step = 0; step < 100 && adoptedAt === undefined; step++) await t.clock.advance(100);
    await start;
    await settle();
    // Three failures, then a listing, 0.5, 1 and 2 s apart (fake time moves in 100 ms steps).
    assert.equal(listedAt.length, 4);
    assert.deepEqual(listedAt.slice(1).map((at, i) => Math.round((at - (listedAt[i] ?? 0)) / 100) * 100), [500, 1_000, 2_000]);
    assert.ok(adoptedAt !== undefined);
    assert.equal(t.launcher.alive(1).length, 1);
  });

  it('gives up after the last attempt with the listing error; a later resync still adopts', async () => {
    const t = setup();
    t.sessions.logon(1, 'alice', { announce: false });
    t.sessions.failListings(100);
    const start = t.supervisor.start();
    let settled = false;
    const failed = assert.rejects(start, /RPC_S_SERVER_UNAVAILABLE/).finally(() => (settled = true));
    for (let step = 0; step < 200 && !settled; step++) await t.clock.advance(1_000);
    await failed;
    assert.ok(t.clock.now() <= 80_000, `gave up after about a minute, not ${t.clock.now()} ms`);
    t.sessions.failListings(0);
    await t.supervisor.resync('running');
    await settle();
    assert.equal(t.launcher.alive(1).length, 1);
  });

  it('finds a logon made while the service was starting (no notification) when listing once running, without doubling', async () => {
    const t = setup();
    t.sessions.logon(1, 'alice', { announce: false });
    await t.supervisor.start();
    t.sessions.logon(2, 'bob', { announce: false });
    await t.supervisor.resync('running');
    await settle();
    assert.deepEqual(t.supervisor.sessions().map((s) => s.id), [1, 2]);
    assert.equal(t.launcher.processes.length, 2);
  });

  it('does not wait for a logon screen (no user, no LOGON) as if its token were late', async () => {
    const t = setup();
    await t.supervisor.start();
    t.sessions.logon(3, 'screen', { tokenLate: true, announce: false });
    t.sessions.emit('console-connect', 3);
    await settle();
    await t.clock.advance(1_000);
    t.sessions.grantToken(3);
    await t.clock.advance(10_000);
    assert.equal(t.launcher.processes.length, 0);
  });
});
