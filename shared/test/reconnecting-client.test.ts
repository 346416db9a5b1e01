import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it, mock } from 'node:test';
import {
  commands,
  events,
  PRODUCT,
  ReconnectingClient,
  RpcServer,
  SocketConnector,
  SocketListener,
  socketAddress,
  type BackoffPolicy,
  type Commands,
  type Events,
  type LinkState,
} from '../src/index.js';
import { testHandlers } from './support/test-server.js';
import { until } from './support/until.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-reconnect-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function startServer(address: string): Promise<RpcServer<Commands, Events>> {
  const server = new RpcServer({ commands, events, handlers: testHandlers(), product: PRODUCT });
  await server.attach(new SocketListener({ address, peer: { maxRole: 'admin', sessionId: null, endpoint: 'admin' } }));
  return server;
}

/** The states a client reported, with a way to wait for one. */
class StateLog {
  readonly states: LinkState[] = [];
  readonly #waiters: Array<() => void> = [];

  readonly push = (state: LinkState): void => {
    this.states.push(state);
    for (const wake of this.#waiters.splice(0)) wake();
  };

  async waitFor(predicate: (state: LinkState) => boolean): Promise<LinkState> {
    for (;;) {
      const found = this.states.find(predicate);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }
}

function client(address: string, policy: BackoffPolicy, log: StateLog): ReconnectingClient<Commands, Events> {
  return new ReconnectingClient({
    connector: new SocketConnector(address),
    commands,
    events,
    role: 'admin',
    client: 'shared-test/1',
    product: PRODUCT,
    reconnect: policy,
    onState: log.push,
  });
}

describe('ReconnectingClient', () => {
  it('retries with capped exponential backoff and jitter until the service appears', { timeout: 20_000 }, async (t) => {
    const address = socketAddress(dir, 'late');
    const policy = { initialMs: 10, maxMs: 40, jitter: 0.5 };
    const log = new StateLog();
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    // Records the delay of every timer armed while nothing listens: those are the client's
    // retries, since no connection gets far enough to arm anything else.
    const spy = mock.method(globalThis, 'setTimeout', (callback: () => void, ms: number) => {
      delays.push(ms);
      return realSetTimeout(callback, ms);
    });
    const link = client(address, policy, log);
    t.after(() => {
      spy.mock.restore();
      link.stop();
    });
    link.start();
    await log.waitFor((state) => state.kind === 'connecting' && state.attempt >= 8);
    spy.mock.restore();
    const server = await startServer(address);
    t.after(() => server.close());
    const connected = await link.ready();
    assert.deepEqual(await connected.call('agents.restart', { sessionId: 3 }), { restarted: [3] });

    const retries = delays.slice(0, 8);
    retries.forEach((delay, attempt) => {
      const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** attempt);
      assert.ok(delay >= ceiling * (1 - policy.jitter) && delay <= ceiling, `attempt ${attempt}: ${delay} ms outside [${ceiling / 2}, ${ceiling}] in ${retries.join(', ')}`);
    });
    assert.ok(
      retries.some((delay, attempt) => delay < Math.min(policy.maxMs, policy.initialMs * 2 ** attempt)),
      `no jitter in ${retries.join(', ')}`,
    );
    const failure = log.states.find((state) => state.kind === 'connecting' && state.lastError !== undefined);
    assert.equal(failure?.kind === 'connecting' && failure.lastError?.code, 'E_UNAVAILABLE');
  });

  it('reconnects after the service restarts, re-subscribing its event listeners', { timeout: 20_000 }, async (t) => {
    const address = socketAddress(dir, 'restart');
    let server = await startServer(address);
    const log = new StateLog();
    const link = client(address, { initialMs: 10, maxMs: 50, jitter: 0.5 }, log);
    t.after(async () => {
      link.stop();
      await server.close();
    });
    const seen: unknown[] = [];
    link.on('service.stopping', (data) => void seen.push(data));
    link.start();
    const first = await link.ready();
    await server.close();
    await log.waitFor((state) => state.kind === 'connecting' && state.lastError?.code === 'E_UNAVAILABLE');
    await assert.rejects(link.call('agents.restart', {}), { code: 'E_UNAVAILABLE', message: 'not connected to the Tandem service' });

    server = await startServer(address);
    const second = await link.ready();
    assert.notEqual(second, first);
    assert.deepEqual(await link.call('agents.restart', { sessionId: 5 }), { restarted: [5] });
    for (const connection of server.connections) connection.emit('service.stopping', { restarting: false });
    await second.call('agents.restart', {});
    assert.deepEqual(seen, [{ restarting: false }]);
  });

  it('stops for good: waiters are told E_CLOSED and no retry follows', { timeout: 20_000 }, async (t) => {
    const address = socketAddress(dir, 'stopped');
    const log = new StateLog();
    // Retries wait on mocked timers, so the test decides when "later" is.
    mock.timers.enable({ apis: ['setTimeout'] });
    t.after(() => mock.timers.reset());
    const link = client(address, { initialMs: 10, maxMs: 20, jitter: 0 }, log);
    t.after(() => link.stop());
    link.start();
    const waiting = link.ready();
    await log.waitFor((state) => state.kind === 'connecting' && state.lastError !== undefined);
    link.stop();
    await assert.rejects(waiting, { code: 'E_CLOSED', message: 'client stopped' });
    await assert.rejects(link.ready(), { code: 'E_CLOSED' });
    const count = log.states.length;
    // Far past every retry period: a retry still armed would run now, and report 'connecting' at once.
    mock.timers.tick(60_000);
    assert.equal(log.states.length, count);
    assert.deepEqual(log.states.at(-1), { kind: 'closed' });
  });

  it('closes a connection that completes after it was stopped, and starts only once', async (t) => {
    const address = socketAddress(dir, 'late-connect');
    const server = await startServer(address);
    t.after(() => server.close());
    const log = new StateLog();
    let connects = 0;
    let closed = false;
    const socket = new SocketConnector(address);
    const connect = async () => {
      connects++;
      const stream = await socket.connect();
      stream.once('close', () => (closed = true));
      return stream;
    };
    const link = new ReconnectingClient({
      connector: { address, connect },
      commands,
      events,
      role: 'admin',
      client: 'shared-test/1',
      product: PRODUCT,
      onState: log.push,
    });
    link.start();
    link.start();
    link.stop();
    // The connection that was under way completes, and the client hangs up on it.
    await until(() => closed, 'the late connection to be closed');
    assert.equal(connects, 1);
    assert.equal(link.connected, undefined);
    assert.deepEqual(log.states.map((state) => state.kind), ['connecting', 'closed']);
  });

  it('reports a connector failure that is not a TandemError as E_UNAVAILABLE, and retries', async (t) => {
    const log = new StateLog();
    const link = new ReconnectingClient({
      connector: { address: 'nowhere', connect: () => Promise.reject(new Error('EMFILE: too many open files')) },
      commands,
      events,
      role: 'admin',
      client: 'shared-test/1',
      product: PRODUCT,
      reconnect: { initialMs: 1, maxMs: 1, jitter: 0 },
      onState: log.push,
    });
    t.after(() => link.stop());
    link.start();
    const failed = await log.waitFor((state) => state.kind === 'connecting' && state.attempt >= 2);
    assert.equal(failed.kind === 'connecting' && failed.lastError?.code, 'E_UNAVAILABLE');
    assert.match(failed.kind === 'connecting' ? String(failed.lastError?.message) : '', /EMFILE/);
  });
});
