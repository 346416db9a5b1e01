import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ConfigSchema, SECRET_CONFIG_KEYS } from '../src/config-schema.js';
import { REDACTED, redactSecrets, secret, secretKeys } from '../src/config-secrets.js';

/** A schema as a product would extend Tandem's: secrets at several depths and behind wrappers. */
const ProductSchema = z.strictObject({
  server: z
    .strictObject({
      url: z.string().default('https://example.test'),
      apiToken: secret(z.string()).default(''),
      proxy: z.strictObject({ user: z.string(), password: secret(z.string().nullable()) }).optional(),
    })
    .default({ url: 'https://example.test', apiToken: '' }),
  enrolmentKey: secret(z.string().min(1)).optional(),
  level: z.number().default(1),
});

describe('config-secrets', () => {
  it('finds every key marked secret, through defaults, optionals and nullables', () => {
    assert.deepEqual(secretKeys(ProductSchema).sort(), ['enrolmentKey', 'server.apiToken', 'server.proxy.password']);
  });

  it("finds the tray actions in Tandem's own schema: their programs and arguments are for administrators", () => {
    assert.deepEqual(SECRET_CONFIG_KEYS, ['tray.actions']);
    const config = ConfigSchema.parse({ tray: { actions: [{ id: 'repair', label: 'Repair', program: '/usr/local/bin/repair', args: ['--token', 's3cret'] }] } });
    const redacted = redactSecrets(config, SECRET_CONFIG_KEYS);
    assert.equal(redacted.tray.actions, REDACTED as unknown);
    assert.deepEqual({ ...redacted, tray: { ...redacted.tray, actions: config.tray.actions } }, config, 'nothing else changed');
  });

  it('replaces the values of secret keys and leaves everything else, without touching the original', () => {
    const config = ProductSchema.parse({ server: { url: 'https://x.test', apiToken: 'tok-123', proxy: { user: 'u', password: 'hunter2' } }, enrolmentKey: 'k' });
    const redacted = redactSecrets(config, secretKeys(ProductSchema));
    assert.deepEqual(redacted, { server: { url: 'https://x.test', apiToken: REDACTED, proxy: { user: 'u', password: REDACTED } }, enrolmentKey: REDACTED, level: 1 });
    assert.equal(config.server.apiToken, 'tok-123');
    assert.doesNotMatch(JSON.stringify(redacted), /tok-123|hunter2/);
  });

  it('leaves absent and null secrets absent and null', () => {
    const config = ProductSchema.parse({ server: { url: 'https://x.test', apiToken: 't', proxy: { user: 'u', password: null } } });
    const redacted = redactSecrets(config, secretKeys(ProductSchema));
    assert.equal(redacted.server.proxy?.password, null);
    assert.equal(Object.hasOwn(redacted, 'enrolmentKey'), false);
  });
});
