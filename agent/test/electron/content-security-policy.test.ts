import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../../src/electron/content-security-policy.js';

/** Directive name → its sources. */
function parse(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name === undefined || name === '') continue;
    assert.ok(!directives.has(name), `${name} appears twice (browsers ignore the second)`);
    directives.set(name, sources);
  }
  return directives;
}

describe('Content-Security-Policy', () => {
  const directives = parse(CONTENT_SECURITY_POLICY);

  it("denies everything by default and allows only the page's own scripts and styles", () => {
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
    assert.deepEqual(directives.get('style-src'), ["'self'"]);
  });

  it('closes what default-src does not cover', () => {
    for (const name of ['base-uri', 'form-action', 'frame-ancestors', 'object-src']) {
      assert.deepEqual(directives.get(name), ["'none'"], name);
    }
  });

  it('allows no inline code, eval, wildcards, schemes or hosts anywhere', () => {
    const sources = [...directives.values()].flat();
    for (const forbidden of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "'strict-dynamic'", '*', 'data:', 'blob:', 'http:', 'https:', 'filesystem:']) {
      assert.ok(!sources.includes(forbidden), `${forbidden} is allowed`);
    }
    for (const source of sources) assert.match(source, /^'(none|self|script)'$/, `unexpected source ${source}`);
  });

  it('requires Trusted Types for every script sink and allows no policy', () => {
    assert.deepEqual(directives.get('require-trusted-types-for'), ["'script'"]);
    assert.deepEqual(directives.get('trusted-types'), ["'none'"]);
  });
});
