import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Welcome } from '@tandem/shared';
import { agentServerVerifier } from '../../src/core/server-verification.js';

const welcome = (overrides: Partial<Welcome> = {}): Welcome => ({ type: 'welcome', protocol: 1, product: 'tandem/0.1.0', role: 'user', sessionId: 3, ...overrides });

describe('agent server verifier', () => {
  it('accepts a Tandem service bound to our session, and describes the link', () => {
    assert.deepEqual(agentServerVerifier(3)(welcome()), {
      ok: true,
      link: { product: 'tandem/0.1.0', service: { name: 'tandem', version: '0.1.0' }, sessionId: 3 },
    });
  });

  it('accepts any session when the launcher did not say which', () => {
    assert.equal(agentServerVerifier(null)(welcome({ sessionId: 8 })).ok, true);
  });

  it('refuses other products, roles and sessions, saying why', () => {
    const verify = agentServerVerifier(3);
    assert.deepEqual(verify(welcome({ product: 'impostor/1.0.0' })), { ok: false, problem: 'the server calls itself `impostor/1.0.0`, not the Tandem service' });
    assert.deepEqual(verify(welcome({ product: 'tandem' })), { ok: false, problem: 'the server calls itself `tandem`, not the Tandem service' });
    assert.deepEqual(verify(welcome({ role: 'admin' })), { ok: false, problem: 'the server granted the admin role; an agent expects user' });
    assert.deepEqual(verify(welcome({ sessionId: null })), { ok: false, problem: 'the server did not bind the connection to a session' });
    assert.deepEqual(verify(welcome({ sessionId: 4 })), {
      ok: false,
      problem: 'the server bound the connection to session 4, but this agent runs in session 3',
    });
  });
});
