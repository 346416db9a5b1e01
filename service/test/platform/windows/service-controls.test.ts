import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StopReason } from '../../../src/platform/platform.js';
import { handleControl, type ControlActions } from '../../../src/platform/windows/service-controls.js';
import type { PowerEvent } from '../../../src/platform/windows/power-notification.js';
import type { SessionChange } from '../../../src/platform/windows/session-notification.js';
import { koffi } from '../../../src/platform/windows/win32/koffi.js';

function harness(): { actions: ControlActions; done: string[]; scheduled: Array<() => void>; run: () => void } {
  const done: string[] = [];
  const scheduled: Array<() => void> = [];
  return {
    done,
    scheduled,
    actions: {
      stop: (reason: StopReason) => done.push(`stop ${reason}`),
      reload: () => done.push('reload'),
      sessionChange: (change: SessionChange) => done.push(`session ${change.kind} ${change.sessionId}`),
      problem: (message: string) => done.push(`problem ${message}`),
      power: (event: PowerEvent) => done.push(`power ${event.name} ${String(event.change)}`),
    },
    run: () => scheduled.splice(0).forEach((work) => work()),
  };
}

test('STOP, SHUTDOWN and PRESHUTDOWN answer NO_ERROR at once and stop later with their reason', () => {
  const h = harness();
  for (const control of [1, 5, 15]) assert.equal(handleControl(control, 0, null, h.actions, (w) => h.scheduled.push(w)), 0);
  assert.deepEqual(h.done, [], 'nothing happens inside the handler');
  h.run();
  assert.deepEqual(h.done, ['stop stop', 'stop shutdown', 'stop preshutdown']);
});

test('PARAMCHANGE reloads; INTERROGATE answers without work; unknown controls are not implemented', () => {
  const h = harness();
  assert.equal(handleControl(6, 0, null, h.actions, (w) => h.scheduled.push(w)), 0);
  assert.equal(handleControl(4, 0, null, h.actions, (w) => h.scheduled.push(w)), 0);
  assert.equal(handleControl(2, 0, null, h.actions, (w) => h.scheduled.push(w)), 120);
  assert.equal(handleControl(200, 0, null, h.actions, (w) => h.scheduled.push(w)), 120);
  h.run();
  assert.deepEqual(h.done, ['reload']);
});

test('SESSIONCHANGE is decoded during the call (its data dies with it) and acted on later', () => {
  const h = harness();
  const data = koffi().alloc('uint8_t', 8) as bigint;
  koffi().encode(data, 0, 'uint32_t', 8);
  koffi().encode(data, 4, 'uint32_t', 4);
  assert.equal(handleControl(14, 5, data, h.actions, (w) => h.scheduled.push(w)), 0);
  koffi().encode(data, 4, 'uint32_t', 99); // the SCM reuses the memory after the handler returns
  h.run();
  koffi().free(data);
  assert.deepEqual(h.done, ['session logon 4']);
  assert.equal(handleControl(14, 5, null, h.actions, (w) => h.scheduled.push(w)), 0);
  h.run();
  assert.match(h.done.at(-1) ?? '', /^problem SESSIONCHANGE 5 came without/);
});
