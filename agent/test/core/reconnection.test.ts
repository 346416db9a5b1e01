import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DEFAULT_RECONNECT } from '@tandem/shared';
import { until } from '../support/stub-service.js';
import { AgentHarness } from './agent-harness.js';

/** The promise: after a service restart the agent is connected again within this. */
const RECONNECT_PROMISE_MS = 2_000;
/** Only a hang fails on time; the measured time is reported, not asserted against a tight bound. */
const DEADLINE_MS = 10_000;
/** The first attempt whose delay is the backoff cap: initialMs × 2^n ≥ maxMs. */
const CAPPED_ATTEMPT = Math.ceil(Math.log2(DEFAULT_RECONNECT.maxMs / DEFAULT_RECONNECT.initialMs));
const RESTARTS = 2;

describe('reconnection after service restarts', () => {
  const harness = new AgentHarness();
  after(() => harness.dispose());

  it('caps its backoff below the 2 s it promises', () => {
    assert.ok(DEFAULT_RECONNECT.maxMs <= RECONNECT_PROMISE_MS, `backoff cap ${DEFAULT_RECONNECT.maxMs} ms`);
  });

  it('is connected again soon after each restart, and still receives events', async (t) => {
    await harness.connect();
    for (let restart = 1; restart <= RESTARTS; restart++) {
      await harness.service.stop();
      // The retries run into the backoff cap, as in a real restart that takes a while.
      await until(
        () => harness.core.state.kind === 'unavailable' && harness.core.state.attempt > CAPPED_ATTEMPT,
        'the agent to report the outage and retry at its backoff cap',
        DEADLINE_MS,
      );

      const restarted = performance.now();
      await harness.service.start();
      await until(() => harness.core.state.kind === 'connected', 'the agent to reconnect', DEADLINE_MS);
      const elapsed = performance.now() - restarted;
      t.diagnostic(`restart ${restart}: connected again ${elapsed.toFixed(0)} ms after the service was back (promise: ${RECONNECT_PROMISE_MS} ms)`);

      const title = `After restart ${restart}`;
      harness.service.emit('notify', { id: `r${restart}`, title, body: '', level: 'info', at: new Date().toISOString() });
      await until(() => harness.of('notification').some((event) => event.notification.title === title), 'the notification');
    }
    // The agent said what happened each time: lost, gave up waiting, came back.
    const kinds = harness.of('state').map((event) => event.state.kind).filter((kind, i, all) => kind !== all[i - 1]);
    assert.deepEqual(kinds.slice(-3 * RESTARTS), Array.from({ length: RESTARTS }, () => ['connecting', 'unavailable', 'connected']).flat());
  });
});
