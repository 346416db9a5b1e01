import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { incompatibility, parseProduct } from '../../src/core/service-identity.js';

describe('service identity', () => {
  it('parses name/version', () => {
    assert.deepEqual(parseProduct('tandem/0.1.0'), { name: 'tandem', version: '0.1.0' });
    assert.deepEqual(parseProduct('tandem/1.12.3-beta.2'), { name: 'tandem', version: '1.12.3' });
  });

  it('refuses what is not name/major.minor.patch', () => {
    for (const bad of ['tandem', 'tandem/1.0', 'Tandem/1.0.0', 'tandem/1.0.0 extra', '/1.0.0', 'tandem/x.y.z']) {
      assert.equal(parseProduct(bad), null, bad);
    }
  });

  it('accepts the same major version, and below 1.0 the same minor', () => {
    assert.equal(incompatibility({ name: 'tandem', version: '0.1.7' }, '0.1.0'), null);
    assert.equal(incompatibility({ name: 'tandem', version: '1.4.0' }, '1.2.9'), null);
    assert.equal(incompatibility({ name: 'tandem', version: '0.2.0' }, '0.1.0'), 'the service is version 0.2.0 and this tray is version 0.1.0');
    assert.equal(incompatibility({ name: 'tandem', version: '2.0.0' }, '1.9.0'), 'the service is version 2.0.0 and this tray is version 1.9.0');
  });
});
