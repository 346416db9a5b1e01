import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SocketConnector } from '@tandem/shared';
import { createConnector } from '../../src/headless/connector.js';

describe('headless connector choice', () => {
  it('uses the console transport for a Unix socket path', () => {
    const connector = createConnector('/run/user/1000/tandem/agent-1.sock');
    assert.ok(connector instanceof SocketConnector);
    assert.equal(connector.address, '/run/user/1000/tandem/agent-1.sock');
  });

  it('rejects with E_UNAVAILABLE when nothing listens, so the agent keeps retrying', async () => {
    await assert.rejects(createConnector('/nonexistent/tandem/agent-1.sock').connect(), { code: 'E_UNAVAILABLE' });
  });
});
