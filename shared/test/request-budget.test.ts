import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestBudget } from '../src/request-budget.js';

describe('RequestBudget', () => {
  it('lets the burst through, then says how long to wait for the rate', () => {
    let now = 0;
    const budget = new RequestBudget({ burst: 3, perSecond: 10 }, () => now);
    assert.deepEqual([budget.spend(), budget.spend()], [0, 0]);
    // The third empties the bucket: the next token is 100 ms away.
    assert.equal(budget.spend(), 100);
    now += 100;
    assert.equal(budget.spend(), 100);
    // Idle time refills up to the burst, no further.
    now += 10_000;
    assert.deepEqual([budget.spend(), budget.spend(), budget.spend()], [0, 0, 100]);
  });

  it('takes only what it has: take() never goes into debt', () => {
    let now = 0;
    const budget = new RequestBudget({ burst: 2, perSecond: 1 }, () => now);
    assert.deepEqual([budget.take(), budget.take(), budget.take()], [true, true, false]);
    now += 999;
    assert.equal(budget.take(), false);
    now += 1;
    assert.deepEqual([budget.take(), budget.take()], [true, false]);
  });

  it('refuses a rate that would never let a request through', () => {
    assert.throws(() => new RequestBudget({ burst: 0, perSecond: 10 }), /Expected a burst of 1 and up and a positive rate/);
    assert.throws(() => new RequestBudget({ burst: 5, perSecond: 0 }), /Expected a burst of 1 and up and a positive rate/);
  });
});
