import assert from 'node:assert/strict';
import { test } from 'node:test';
import { givenSimulateFlags, simulateParams } from '../../src/cli/simulate-args.js';

test('each scenario parses into the command table params, defaults filled in', () => {
  assert.deepEqual(simulateParams(['logon', 'bob'], { remote: true, 'token-delay': '3000' }), { action: 'logon', user: 'bob', remote: true, tokenDelayMs: 3000 });
  assert.deepEqual(simulateParams(['logoff', '2'], { busy: true }), { action: 'logoff', sessionId: 2, busy: true });
  assert.deepEqual(simulateParams(['connect', '2'], {}), { action: 'connect', sessionId: 2, remote: true });
  assert.deepEqual(simulateParams(['connect', '2'], { console: true }), { action: 'connect', sessionId: 2, remote: false });
  assert.deepEqual(simulateParams(['switch', '1'], {}), { action: 'switch', sessionId: 1 });
  assert.deepEqual(simulateParams(['suspend'], { end: '2, 3' }), { action: 'suspend', endSessions: [2, 3] });
  assert.deepEqual(simulateParams(['shutdown'], { 'fast-startup': true }), { action: 'shutdown', fastStartup: true, updateHoldMs: 0 });
  assert.deepEqual(simulateParams(['shutdown'], { 'update-hold': '60000' }), { action: 'shutdown', fastStartup: false, updateHoldMs: 60000 });
});

test('mistakes get exact messages', () => {
  assert.throws(() => simulateParams(['hibernate'], {}), /a scenario is one of logon, logoff, lock, unlock, disconnect, connect, switch, suspend, resume, shutdown, got `hibernate`/);
  assert.throws(() => simulateParams(['lock', 'zero'], {}), /a session id is a whole number from 1, got `zero`/);
  assert.throws(() => simulateParams(['logon', 'bad name'], {}), /user: expected a user name/);
  assert.throws(() => simulateParams(['resume', '1'], {}), /resume takes no argument, got `1`/);
  assert.throws(() => simulateParams(['logon', 'bob'], { 'token-delay': 'soon' }), /--token-delay expects milliseconds, got `soon`/);
  assert.throws(() => simulateParams(['lock', '1', '2'], {}), /unexpected `2`/);
});

test('simulate-only options are named so other commands can refuse them', () => {
  assert.deepEqual(givenSimulateFlags({ busy: true, end: '1' }), ['--busy', '--end']);
  assert.deepEqual(givenSimulateFlags({}), []);
});
