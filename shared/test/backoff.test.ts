import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backoffDelay, type BackoffPolicy } from '../src/index.js';
import { fuzzRuns } from './support/fuzz-runs.js';

const policy: BackoffPolicy = { initialMs: 100, maxMs: 2_000, jitter: 0.5 };

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap', () => {
    const noJitter = (): number => 0;
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(policy, attempt, noJitter)),
      [100, 200, 400, 800, 1_600, 2_000, 2_000],
    );
  });

  it('takes up to the jitter fraction off each delay', () => {
    assert.equal(backoffDelay(policy, 3, () => 0), 800);
    assert.equal(backoffDelay(policy, 3, () => 0.5), 600);
    assert.equal(backoffDelay(policy, 3, () => 0.999_999), 400);
  });

  it('stays at the cap for any number of attempts', () => {
    assert.equal(backoffDelay(policy, 10_000, () => 0), 2_000);
    assert.equal(backoffDelay(policy, Number.MAX_SAFE_INTEGER, () => 0), 2_000);
  });

  it(`stays within [cap × (1 − jitter), cap] for every policy and attempt (${fuzzRuns(5_000)} cases)`, () => {
    const anyPolicy = fc.record({ initialMs: fc.integer({ min: 1, max: 60_000 }), maxMs: fc.integer({ min: 1, max: 600_000 }), jitter: fc.double({ min: 0, max: 1, noNaN: true }) });
    fc.assert(
      fc.property(anyPolicy, fc.nat({ max: 5_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (p, attempt, random) => {
        const ceiling = Math.min(p.maxMs, p.initialMs * 2 ** Math.min(attempt, 30));
        const delay = backoffDelay(p, attempt, () => random);
        assert.ok(Number.isInteger(delay));
        assert.ok(delay <= Math.round(ceiling) && delay >= Math.floor(ceiling * (1 - p.jitter)), `${delay} outside [${ceiling * (1 - p.jitter)}, ${ceiling}]`);
      }),
      { numRuns: fuzzRuns(5_000) },
    );
  });
});
