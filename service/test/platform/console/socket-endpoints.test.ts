import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SocketListener } from '@tandem/shared';
import { DeferredListener } from '../../../src/platform/console/deferred-listener.js';
import { SocketEndpoints } from '../../../src/platform/console/socket-endpoints.js';

const session = { id: 3, user: 'dev', userId: '1000', logonId: 'l', state: 'active', remote: false, console: true } as const;

test('off Windows, console endpoints are Unix sockets in the runtime directory', () => {
  const endpoints = new SocketEndpoints('/run/user/1000/tandem', { platform: 'linux' });
  assert.ok(endpoints.admin() instanceof SocketListener);
  const agent = endpoints.agent(session);
  assert.ok(agent.listener instanceof SocketListener);
  assert.equal(agent.address, agent.listener.address);
});

test('on Windows, console endpoints are owner-only pipes, loaded only when they listen', () => {
  const endpoints = new SocketEndpoints('/run/user/1000/tandem', { platform: 'win32' });
  const admin = endpoints.admin();
  const agent = endpoints.agent(session);
  // Not SocketListener (a net.Server pipe: default DACL, no first-instance claim, SECURITY.md F7).
  assert.ok(admin instanceof DeferredListener);
  assert.ok(agent.listener instanceof DeferredListener);
  assert.notEqual(admin.address, agent.address);
});
