import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Clock } from '../../src/core/clock.js';
import { DEDUP_CAPACITY, DEDUP_WINDOW_MS, NotificationPolicy, type IncomingNotification } from '../../src/core/notification-policy.js';

class FakeClock implements Clock {
  #time: number;
  constructor(start: Date) {
    this.#time = start.getTime();
  }
  now(): Date {
    return new Date(this.#time);
  }
  advance(ms: number): void {
    this.#time += ms;
  }
}

const noon = () => new FakeClock(new Date(2025, 5, 14, 12, 0));
let counter = 0;
const note = (overrides: Partial<IncomingNotification> = {}): IncomingNotification => {
  counter++;
  return { id: `n${counter}`, title: `Message ${counter}`, body: '', level: 'info', ...overrides };
};

describe('NotificationPolicy', () => {
  it('shows a first notification', () => {
    const policy = new NotificationPolicy(noon(), { notificationsPerMinute: 6, quietHours: null });
    assert.deepEqual(policy.decide(note()), { show: true });
  });

  it('drops a repeat of the same id, even with other words', () => {
    const policy = new NotificationPolicy(noon(), { notificationsPerMinute: 6, quietHours: null });
    assert.deepEqual(policy.decide({ id: 'x', title: 'Disk full', body: '', level: 'warning' }), { show: true });
    assert.deepEqual(policy.decide({ id: 'x', title: 'Disk nearly full', body: '', level: 'warning' }), { show: false, reason: 'duplicate' });
  });

  it('drops the same content under another id, but not the same title at another level', () => {
    const policy = new NotificationPolicy(noon(), { notificationsPerMinute: 6, quietHours: null });
    const first = note({ title: 'Backup failed', body: 'Retry tonight', level: 'warning' });
    assert.deepEqual(policy.decide(first), { show: true });
    assert.deepEqual(policy.decide({ ...first, id: 'another' }), { show: false, reason: 'duplicate' });
    assert.deepEqual(policy.decide({ ...first, id: 'third', level: 'error' }), { show: true });
  });

  it('forgets notifications after the dedup window', () => {
    const clock = noon();
    const policy = new NotificationPolicy(clock, { notificationsPerMinute: 6, quietHours: null });
    const message = note();
    policy.decide(message);
    clock.advance(DEDUP_WINDOW_MS - 1);
    assert.deepEqual(policy.decide(message), { show: false, reason: 'duplicate' });
    // The repeat was remembered anew; the window runs from the last sighting.
    clock.advance(DEDUP_WINDOW_MS + 1);
    assert.deepEqual(policy.decide(message), { show: true });
  });

  it('remembers a bounded number of notifications', () => {
    const policy = new NotificationPolicy(noon(), { notificationsPerMinute: 60, quietHours: null });
    const first = note();
    policy.decide(first);
    for (let i = 0; i < DEDUP_CAPACITY; i++) policy.decide(note());
    // The first one was pushed out, so it is no longer a duplicate (the rate limit says no instead).
    const again = policy.decide(first);
    assert.notDeepEqual(again, { show: false, reason: 'duplicate' });
  });

  it('shows at most notificationsPerMinute in any 60 seconds', () => {
    const clock = noon();
    const policy = new NotificationPolicy(clock, { notificationsPerMinute: 3, quietHours: null });
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(policy.decide(note()), { show: true });
      clock.advance(10_000);
    }
    assert.deepEqual(policy.decide(note()), { show: false, reason: 'rate-limited' });
    // 60 s after the first was shown, a slot is free again.
    clock.advance(30_000);
    assert.deepEqual(policy.decide(note()), { show: true });
    assert.deepEqual(policy.decide(note()), { show: false, reason: 'rate-limited' });
  });

  it('does not count suppressed notifications against the rate', () => {
    const policy = new NotificationPolicy(noon(), { notificationsPerMinute: 1, quietHours: null });
    const message = note();
    assert.deepEqual(policy.decide(message), { show: true });
    assert.deepEqual(policy.decide(message), { show: false, reason: 'duplicate' });
    assert.deepEqual(policy.decide(note()), { show: false, reason: 'rate-limited' });
  });

  it('keeps quiet during quiet hours, except for errors', () => {
    const clock = new FakeClock(new Date(2025, 5, 14, 23, 15));
    const policy = new NotificationPolicy(clock, { notificationsPerMinute: 6, quietHours: { start: '22:00', end: '07:00' } });
    assert.deepEqual(policy.decide(note({ level: 'info' })), { show: false, reason: 'quiet-hours' });
    assert.deepEqual(policy.decide(note({ level: 'warning' })), { show: false, reason: 'quiet-hours' });
    assert.deepEqual(policy.decide(note({ level: 'error' })), { show: true });
    clock.advance(8 * 3_600_000); // 07:15
    assert.deepEqual(policy.decide(note({ level: 'info' })), { show: true });
  });

  it('applies new settings at once', () => {
    const policy = new NotificationPolicy(noon(), { notificationsPerMinute: 6, quietHours: null });
    assert.deepEqual(policy.decide(note()), { show: true });
    policy.configure({ notificationsPerMinute: 6, quietHours: { start: '11:00', end: '13:00' } });
    assert.deepEqual(policy.decide(note()), { show: false, reason: 'quiet-hours' });
    policy.configure({ notificationsPerMinute: 1, quietHours: null });
    assert.deepEqual(policy.decide(note()), { show: false, reason: 'rate-limited' });
  });

  it('refuses nonsense settings with the value in the message', () => {
    assert.throws(() => new NotificationPolicy(noon(), { notificationsPerMinute: 0, quietHours: null }), {
      name: 'RangeError',
      message: 'Expected `notificationsPerMinute` to be a whole number from 1 and up, got `0` (number)',
    });
    assert.throws(() => new NotificationPolicy(noon(), { notificationsPerMinute: 2, quietHours: { start: '25:00', end: '07:00' } }), {
      message: 'Expected a time of day as HH:MM, got `25:00`',
    });
  });
});
