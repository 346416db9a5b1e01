import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionInfo } from '@tandem/shared';
import { ActionGate } from '../../src/core/action-gate.js';
import { defaultActionSession } from '../../src/core/tray-actions.js';
import { FakeClock } from './fakes.js';

describe('ActionGate', () => {
  it('admits one run of an action per session, and the same action in another session', () => {
    const gate = new ActionGate(new FakeClock(), 4);
    gate.admit(1, 'sync', 'Sync now', false);
    assert.throws(() => gate.admit(1, 'sync', 'Sync now', false), { code: 'E_CONFLICT', message: 'Sync now is already running in this session; wait for it to finish' });
    assert.throws(() => gate.admit(1, 'sync', 'Sync now', true), { code: 'E_CONFLICT' }, 'an administrator waits too');
    gate.admit(2, 'sync', 'Sync now', false);
    gate.admit(1, 'repair', 'Repair', false);
    assert.equal(gate.running, 3);
  });

  it('caps runs on the whole computer and frees a slot on release', () => {
    const gate = new ActionGate(new FakeClock(), 2);
    const first = gate.admit(1, 'a', 'A', false);
    gate.admit(2, 'a', 'A', true);
    assert.throws(() => gate.admit(3, 'a', 'A', true), { code: 'E_CONFLICT', message: '2 actions are already running on this computer; try again when one has finished' });
    first.release(0);
    gate.admit(3, 'a', 'A', false);
  });

  it('starts the cooldown when a run ends, for that action in that session; administrators neither wait for it nor start it', async () => {
    const clock = new FakeClock();
    const gate = new ActionGate(clock, 4);
    const run = gate.admit(1, 'sync', 'Sync now', false);
    await clock.advance(60_000);
    run.release(10_000);
    run.release(99_000); // a second release changes nothing
    await clock.advance(4_001);
    assert.throws(() => gate.admit(1, 'sync', 'Sync now', false), { code: 'E_CONFLICT', message: 'Sync now ran a moment ago; it can run again in 6 s' });
    gate.admit(2, 'sync', 'Sync now', false);
    gate.admit(1, 'repair', 'Repair', false);
    gate.admit(1, 'sync', 'Sync now', true).release(10_000);
    await clock.advance(5_999);
    gate.admit(1, 'sync', 'Sync now', false);
  });
});

describe('defaultActionSession', () => {
  const session = (id: number, extra: Partial<SessionInfo> = {}): SessionInfo => ({ id, user: `u${id}`, state: 'active', remote: false, console: false, eligible: true, ...extra });

  it('takes the only session, else the one active at the console', () => {
    assert.equal(defaultActionSession([session(3, { remote: true })]), 3);
    assert.equal(defaultActionSession([session(2, { remote: true }), session(5, { console: true })]), 5);
  });

  it('says when there is none or it cannot choose', () => {
    assert.throws(() => defaultActionSession([]), { code: 'E_NOT_FOUND', message: 'nobody is logged on: there is no session to run the action in' });
    assert.throws(() => defaultActionSession([session(1, { console: true, state: 'locked' }), session(2)]), {
      code: 'E_INVALID_PARAMS',
      message: 'several sessions are logged on (1, 2); say which with --session <id>',
    });
  });
});
