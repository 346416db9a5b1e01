import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { valueShape } from '../src/index.js';

describe('valueShape', () => {
  it('reads each kind of setting from the configuration schema', () => {
    assert.deepEqual(valueShape('agents.stopTimeoutMs'), { kind: 'integer', min: 100, max: 120_000 });
    assert.deepEqual(valueShape('tray.supportText'), { kind: 'text', maxLength: 500 });
    assert.deepEqual(valueShape('logging.level'), { kind: 'choice', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] });
    assert.deepEqual(valueShape('agents.eligibility'), { kind: 'json' });
    assert.deepEqual(valueShape('tray.quietHours'), { kind: 'json' });
    assert.deepEqual(valueShape('tray.links'), { kind: 'json' });
  });

  it('is undefined for a key the schema does not have', () => {
    assert.equal(valueShape('tray.nope'), undefined);
    assert.equal(valueShape('tray.supportText.length'), undefined);
  });

  it('looks through defaults and optionals; booleans; numbers without whole bounds are JSON', () => {
    const schema = z.strictObject({
      feature: z
        .strictObject({
          enabled: z.boolean().default(true),
          name: z.string().optional(),
          ratio: z.number().min(0).max(1).default(0.5),
        })
        .default({ enabled: true, ratio: 0.5 }),
    });
    assert.deepEqual(valueShape('feature.enabled', schema), { kind: 'boolean' });
    assert.deepEqual(valueShape('feature.name', schema), { kind: 'text', maxLength: null });
    assert.deepEqual(valueShape('feature.ratio', schema), { kind: 'json' });
  });
});
