/**
 * The user request budget: one endpoint's user connections together get a burst and then a
 * rate; the server stops reading them meanwhile. Administrators are not held back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../src/index.js';
import { RawPeer } from './support/raw-peer.js';
import { actionStarted, TestServer } from './support/test-server.js';
import { until } from './support/until.js';

const RATE = { burst: 10, perSecond: 20 };
const CONNECTION_RATE = { burst: 5, perSecond: 1 };

describe('RpcServer user request rate', () => {
  let test: TestServer;
  const dispatched: Array<{ role: Role; at: number }> = [];

  before(async () => {
    test = await TestServer.start({
      userRequestRate: RATE,
      handlers: {
        'agent.action': ({ id }, { connection }) => {
          dispatched.push({ role: connection.role, at: performance.now() });
          return actionStarted(id);
        },
      },
    });
  });
  after(() => test.dispose());

  it("closes a session's connections over its connection rate at once, and not the administrator's", { timeout: 30_000 }, async () => {
    const refused: unknown[] = [];
    const own = await TestServer.start({
      userConnectionRate: CONNECTION_RATE,
      log: (_level, message, fields) => {
        if (message === 'connection refused' && fields.reason === 'over the connection rate') refused.push(fields);
      },
    });
    try {
      const started = performance.now();
      // After a refusal the endpoint stops listening for a moment: a connection then fails in
      // the client, without reaching the server at all.
      const attempts = await Promise.allSettled(Array.from({ length: 20 }, () => RawPeer.connect(own.userAddress)));
      const peers = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
      let closed = 0;
      for (const peer of peers) void peer.closed.then(() => closed++);
      // Refused ones are closed by the server; accepted ones wait for a hello (5 s by default).
      await until(() => closed + own.user.open === peers.length, 'every connection to be refused or accepted');
      const accepted = own.user.open;
      const allowed = CONNECTION_RATE.burst + Math.ceil(((performance.now() - started) / 1000) * CONNECTION_RATE.perSecond);
      assert.ok(accepted <= allowed, `${accepted} connections accepted, ${allowed} allowed`);
      assert.ok(accepted < attempts.length, 'some connections were refused');
      // Each refusal is logged; connections waiting in the socket's backlog when it stopped
      // listening are closed with it, unlogged.
      assert.ok(refused.length >= 1 && refused.length <= closed, `${refused.length} refusals logged, ${closed} connections closed`);
      for (const peer of peers) peer.destroy();
      for (let i = 0; i < 20; i++) {
        const admin = await own.connect('admin');
        assert.deepEqual(await admin.call('agents.restart', { sessionId: 1 }), { restarted: [1] });
      }
    } finally {
      await own.dispose();
    }
  });

  it("paces a session's connections together after the burst, and not the administrator's", { timeout: 30_000 }, async () => {
    const users = await Promise.all([test.connect('user'), test.connect('user')]);
    const admin = await test.connect('admin');
    const started = performance.now();
    const flood = users.flatMap((user) => Array.from({ length: 20 }, (_, i) => user.call('agent.action', { id: `u${i}` })));
    await Promise.all(Array.from({ length: 60 }, (_, i) => admin.call('agent.action', { id: `a${i}` })));
    const usersWhenAdminDone = dispatched.filter((d) => d.role === 'user').length;
    await Promise.all(flood);
    // However slow the machine, no user request ran before the rate allowed it. Each connection
    // may run the one request that finds the budget empty (it was read already; the budget goes
    // into debt for it), so the bound allows one per connection, and 1 ms of rounding each.
    const userTimes = dispatched.filter((d) => d.role === 'user').map((d) => d.at - started);
    userTimes.forEach((at, k) => {
      const earliest = ((k + 1 - RATE.burst - users.length) * 1000) / RATE.perSecond - (k + 1);
      assert.ok(at >= earliest, `user request ${k + 1} ran at ${at.toFixed(0)} ms, before ${earliest.toFixed(0)} ms`);
    });
    // ...while the administrator's 60 went through unpaced, before the users' 40 were done.
    assert.equal(dispatched.filter((d) => d.role === 'admin').length, 60);
    assert.ok(usersWhenAdminDone < 40, `${usersWhenAdminDone} user requests ran before the admin's were done`);
  });
});
