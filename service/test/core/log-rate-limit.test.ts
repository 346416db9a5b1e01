import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogRateLimit } from '../../src/core/log-rate-limit.js';
import { FakeClock } from './fakes.js';

describe('LogRateLimit', () => {
  it('lets a burst through, then the rate, and counts what it drops', async () => {
    const clock = new FakeClock();
    const limit = new LogRateLimit(clock, { burstLines: 3, linesPerSecond: 2, burstBytes: 1_000, bytesPerSecond: 1_000 });
    assert.deepEqual([limit.admit(10), limit.admit(10), limit.admit(10), limit.admit(10), limit.admit(5)], [true, true, true, false, false]);
    assert.deepEqual(limit.takeDropped(), { lines: 2, bytes: 15 });
    assert.equal(limit.takeDropped(), undefined);
    await clock.advance(500);
    assert.deepEqual([limit.admit(), limit.admit()], [true, false]);
    await clock.advance(60_000);
    assert.deepEqual([limit.admit(), limit.admit(), limit.admit(), limit.admit()], [true, true, true, false]);
  });

  it('limits bytes as well as lines', async () => {
    const clock = new FakeClock();
    const limit = new LogRateLimit(clock, { burstLines: 100, linesPerSecond: 100, burstBytes: 100, bytesPerSecond: 50 });
    assert.deepEqual([limit.admit(80), limit.admit(30), limit.admit(20)], [true, false, true]);
    await clock.advance(1_000);
    assert.deepEqual([limit.admit(50), limit.admit(1)], [true, false]);
    assert.deepEqual(limit.takeDropped(), { lines: 2, bytes: 31 });
  });
});
