import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, resolveLimits } from '../src/index.js';

describe('resolveLimits', () => {
  it('fills in the defaults: 1 MiB frames among them', () => {
    assert.deepEqual(resolveLimits(), DEFAULT_LIMITS);
    assert.equal(DEFAULT_LIMITS.maxFrameBytes, 1024 * 1024);
    assert.deepEqual(resolveLimits({ maxInFlight: 4 }), { ...DEFAULT_LIMITS, maxInFlight: 4 });
  });

  it('returns a frozen object', () => {
    assert.ok(Object.isFrozen(resolveLimits({ maxInFlight: 4 })));
  });

  it('refuses nonsense with an exact message', () => {
    assert.throws(() => resolveLimits({ maxInFlight: 0 }), { name: 'RangeError', message: 'Expected `maxInFlight` to be a whole number from 1 and up, got `0` (number)' });
    assert.throws(() => resolveLimits({ frameDeadlineMs: 1.5 }), { message: 'Expected `frameDeadlineMs` to be a whole number from 1 and up, got `1.5` (number)' });
    assert.throws(() => resolveLimits({ writeStallMs: '5' as unknown as number }), { message: 'Expected `writeStallMs` to be a whole number from 1 and up, got `5` (string)' });
  });

  it('refuses a frame size the 32-bit length field cannot carry', () => {
    assert.throws(() => resolveLimits({ maxFrameBytes: 2 ** 32, maxWriteQueueBytes: 2 ** 33, writeHighWaterBytes: 1 }), {
      message: 'Expected `maxFrameBytes` to fit in a 32-bit length field, got `4294967296`',
    });
  });

  it('refuses a write-queue cap below the high-water mark', () => {
    assert.throws(() => resolveLimits({ writeHighWaterBytes: 2_000, maxWriteQueueBytes: 1_000 }), {
      message: 'Expected `maxWriteQueueBytes` to be at least `writeHighWaterBytes` (2000), got `1000`',
    });
  });
});
