import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { agentScript, serviceBin, serviceBundle, serviceRoot } from '../src/install-layout.js';

describe('install-layout', () => {
  it('finds the service package and the built binaries from wherever it is loaded', () => {
    assert.equal(path.basename(serviceRoot()), 'service');
    assert.ok(existsSync(serviceBin()), serviceBin());
    // npm test builds first, bundles included: the bundles are what the SCM and the launcher run.
    assert.ok(existsSync(serviceBundle()), serviceBundle());
    assert.match(agentScript(), /agent[\\/]dist[\\/]src[\\/]headless[\\/]main\.bundle\.mjs$/);
  });
});
