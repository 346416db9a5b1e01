import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { commands, events, FrameDecoder, PRODUCT, PROTOCOL_VERSION, RpcServer, TandemError, type IncomingConnection, type Listener, type ServerMessage } from '../src/index.js';
import { memoryDuplexPair } from './support/memory-duplex.js';
import { frame, header, hello, RawPeer, request } from './support/raw-peer.js';
import { actionStarted, TestServer, testHandlers, USER_SESSION } from './support/test-server.js';

const isResponse = (id: number) => (message: ServerMessage) => message.type === 'response' && message.id === id;

async function handshaken(address: string, role: 'user' | 'admin' = 'admin'): Promise<RawPeer> {
  const peer = await RawPeer.connect(address);
  peer.send(hello(role));
  await peer.waitFor((message) => message.type === 'welcome', 'the welcome');
  return peer;
}

describe('RpcServer handshake', () => {
  let test: TestServer;
  before(async () => {
    test = await TestServer.start({ limits: { handshakeDeadlineMs: 200 } });
  });
  after(() => test.dispose());

  it('welcomes with the protocol, product, role and bound session', async () => {
    const client = await test.connect('user');
    assert.deepEqual(client.welcome, { type: 'welcome', protocol: PROTOCOL_VERSION, product: 'tandem/0.1.0', role: 'user', sessionId: USER_SESSION });
    const admin = await test.connect('admin');
    assert.equal(admin.welcome.sessionId, null);
  });

  it('refuses another protocol version with E_UNSUPPORTED_VERSION', async () => {
    const peer = await RawPeer.connect(test.adminAddress);
    peer.send(hello('admin', PROTOCOL_VERSION + 1));
    assert.deepEqual(await peer.fatal(), {
      code: 'E_UNSUPPORTED_VERSION',
      message: `protocol ${PROTOCOL_VERSION + 1} is not supported; this service speaks ${PROTOCOL_VERSION}`,
    });
  });

  it('refuses a request before the hello with E_HANDSHAKE', async () => {
    const peer = await RawPeer.connect(test.adminAddress);
    peer.send(request(1, 'sessions.list'));
    assert.deepEqual(await peer.fatal(), { code: 'E_HANDSHAKE', message: 'the first message must be a hello' });
    assert.equal(peer.messages.filter((message) => message.type === 'response').length, 0);
  });

  it('refuses a second hello with E_HANDSHAKE', async () => {
    const peer = await handshaken(test.adminAddress);
    peer.send(hello());
    assert.deepEqual(await peer.fatal(), { code: 'E_HANDSHAKE', message: 'hello sent twice' });
  });

  it('refuses a role the endpoint does not grant with E_FORBIDDEN', async () => {
    await assert.rejects(test.connect('admin', { endpoint: 'user' }), { code: 'E_FORBIDDEN' });
    const peer = await RawPeer.connect(test.userAddress);
    peer.send(hello('admin'));
    assert.deepEqual(await peer.fatal(), { code: 'E_FORBIDDEN', message: `the agent:${USER_SESSION} endpoint does not grant the admin role` });
  });

  it('drops a connection that does not complete the handshake in time with E_TIMEOUT', async () => {
    const peer = await RawPeer.connect(test.adminAddress);
    assert.deepEqual(await peer.fatal(), { code: 'E_TIMEOUT', message: 'no handshake within 200 ms' });
  });

  it('processes nothing sent after a fatal error in the same chunk', async () => {
    const peer = await RawPeer.connect(test.adminAddress);
    peer.send(Buffer.concat([request(1, 'sessions.list'), hello(), request(2, 'sessions.list')]));
    assert.equal((await peer.fatal())?.code, 'E_HANDSHAKE');
    assert.deepEqual(
      peer.messages.map((message) => message.type),
      ['error'],
    );
  });
});

describe('RpcServer router', () => {
  const logged: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  let release: () => void = () => undefined;
  let test: TestServer;
  before(async () => {
    test = await TestServer.start({
      log: (level, message, fields) => void logged.push({ level, message, fields }),
      limits: { maxFrameBytes: 4096 },
      handlers: {
        status: () => {
          throw new Error('disk C:\\secret\\path is full');
        },
        'config.get': () => Promise.reject(new Error('async failure with a secret')),
        'diagnostics.collect': () => ({ path: 'x'.repeat(5000), bytes: 1, files: [] }),
        'notify.broadcast': () => ({ delivered: [1n as unknown as number], fallback: [] }),
        'agent.quit': () => new Promise((resolve) => (release = () => resolve({ ok: true }))),
      },
    });
  });
  after(() => test.dispose());

  it('answers a typed call', async () => {
    const client = await test.connect('admin');
    assert.deepEqual(await client.call('agents.restart', { sessionId: 4 }), { restarted: [4] });
  });

  it('fills in the defaults of the params schema, also when params are absent', async () => {
    const peer = await handshaken(test.adminAddress);
    peer.send(frame({ type: 'request', id: 9, command: 'agents.restart' }));
    assert.deepEqual(await peer.waitFor(isResponse(9), 'the response'), { type: 'response', id: 9, ok: true, result: { restarted: [] } });
    peer.destroy();
  });

  it('answers an unknown command with E_UNKNOWN_COMMAND and keeps the connection', async () => {
    const peer = await handshaken(test.adminAddress);
    peer.send(request(1, 'shell.exec', { cmd: 'rm -rf /' }));
    peer.send(request(2, 'toString'));
    peer.send(request(3, 'agents.restart', {}));
    assert.deepEqual(await peer.waitFor(isResponse(1), 'response 1'), {
      type: 'response',
      id: 1,
      ok: false,
      error: { code: 'E_UNKNOWN_COMMAND', message: 'unknown command `shell.exec`' },
    });
    const inherited = await peer.waitFor(isResponse(2), 'response 2');
    assert.equal(inherited.type === 'response' && !inherited.ok && inherited.error.code, 'E_UNKNOWN_COMMAND');
    assert.deepEqual(await peer.waitFor(isResponse(3), 'response 3'), { type: 'response', id: 3, ok: true, result: { restarted: [] } });
    peer.destroy();
  });

  it('refuses an admin command to a user connection with E_FORBIDDEN', async () => {
    const client = await test.connect('user');
    await assert.rejects(client.call('sessions.list', {}), { code: 'E_FORBIDDEN', message: 'admin role required for sessions.list' });
  });

  it('rejects invalid params with E_INVALID_PARAMS and the path of the problem', async () => {
    const client = await test.connect('admin');
    await assert.rejects(client.call('log.setLevel', { level: 'loud' as 'info' }), (error: unknown) => {
      assert.ok(error instanceof TandemError);
      assert.equal(error.code, 'E_INVALID_PARAMS');
      assert.match(error.message, /^log\.setLevel: level: /);
      return true;
    });
    await assert.rejects(client.call('agents.restart', { sessionId: 1, extra: true } as { sessionId: number }), { code: 'E_INVALID_PARAMS' });
  });

  it('turns a plain Error into E_INTERNAL with a generic message, and logs the detail', async () => {
    const client = await test.connect('admin');
    await assert.rejects(client.call('status', {}), { code: 'E_INTERNAL', message: 'internal error in the service; see its log' });
    await assert.rejects(client.call('config.get', {}), { code: 'E_INTERNAL', message: 'internal error in the service; see its log' });
    const failures = logged.filter((entry) => entry.message === 'command failed').map((entry) => [entry.fields.command, entry.fields.error]);
    assert.deepEqual(failures, [
      ['status', 'disk C:\\secret\\path is full'],
      ['config.get', 'async failure with a secret'],
    ]);
  });

  it('answers E_TOO_LARGE when a result exceeds the frame limit, and keeps serving', async () => {
    const client = await test.connect('admin');
    await assert.rejects(client.call('diagnostics.collect', {}), { code: 'E_TOO_LARGE', message: /exceeds the 4096-byte frame limit$/ });
    assert.deepEqual(await client.call('agents.restart', { sessionId: 2 }), { restarted: [2] });
  });

  it('answers E_INTERNAL when a result has no JSON form', async () => {
    const client = await test.connect('admin');
    await assert.rejects(client.call('notify.broadcast', { title: 'hi' }), { code: 'E_INTERNAL' });
  });

  it('answers an asynchronous handler when it settles, others meanwhile', async () => {
    const client = await test.connect('user');
    const quit = client.call('agent.quit', {});
    assert.deepEqual(await client.call('agent.action', { id: 'a' }), actionStarted('a'));
    release();
    assert.deepEqual(await quit, { ok: true });
  });
});

describe('RpcServer connections', () => {
  it('refuses connections over maxConnections with E_UNAVAILABLE, and takes one again when a slot frees', async () => {
    const test = await TestServer.start({ maxConnections: 3 });
    try {
      const peers = await Promise.all([1, 2, 3].map(() => handshaken(test.adminAddress)));
      await assert.rejects(test.connect('admin'), { code: 'E_UNAVAILABLE', message: 'too many connections' });
      peers[0]?.destroy();
      await peers[0]?.closed;
      const client = await test.connect('admin');
      assert.deepEqual(await client.call('agents.restart', {}), { restarted: [] });
      for (const peer of peers) peer.destroy();
    } finally {
      await test.dispose();
    }
  });

  it('reports connections that completed the handshake, and their end', async () => {
    const changes: Array<[string, boolean]> = [];
    let ended: () => void = () => undefined;
    const end = new Promise<void>((resolve) => (ended = resolve));
    const test = await TestServer.start({
      onConnectionChange: (connection, open) => {
        changes.push([connection.client, open]);
        if (!open) ended();
      },
    });
    try {
      const peer = await RawPeer.connect(test.userAddress);
      assert.equal(test.server.connections.size, 0);
      peer.send(hello('user'));
      await peer.waitFor((message) => message.type === 'welcome', 'the welcome');
      const [connection] = [...test.server.connections];
      assert.deepEqual([connection?.role, connection?.peer.sessionId, connection?.client], ['user', USER_SESSION, 'raw-peer/1']);
      peer.destroy();
      await end;
      assert.equal(test.server.connections.size, 0);
      assert.deepEqual(changes, [
        ['raw-peer/1', true],
        ['raw-peer/1', false],
      ]);
    } finally {
      await test.dispose();
    }
  });

  it('pushes events to a connection, validated by the client', async () => {
    const test = await TestServer.start();
    try {
      const client = await test.connect('user');
      const received = new Promise((resolve) => client.on('service.stopping', resolve));
      const [connection] = [...test.server.connections];
      assert.ok(connection !== undefined);
      assert.equal(connection.emit('service.stopping', { restarting: true }), true);
      assert.deepEqual(await received, { restarting: true });
    } finally {
      await test.dispose();
    }
  });

  it('tells every connection E_UNAVAILABLE when it closes', async () => {
    const test = await TestServer.start();
    const peer = await handshaken(test.adminAddress);
    await test.server.close();
    assert.deepEqual(await peer.fatal(), { code: 'E_UNAVAILABLE', message: 'service is stopping' });
    await test.dispose();
  });

  it('refuses, with the reason, a connection its listener hands over while it closes', async () => {
    // A listener that has accepted a connection but not yet delivered it when close() begins:
    // the server itself must turn it away (a socket listener would already be gone).
    let deliver: (connection: IncomingConnection) => void = () => undefined;
    const listener: Listener = {
      address: 'memory://closing',
      listen: async (onConnection) => void (deliver = onConnection),
      close: async () => undefined,
    };
    const server = new RpcServer({ commands, events, handlers: testHandlers(), product: PRODUCT });
    await server.attach(listener);
    await server.close();
    const [mine, theirs] = memoryDuplexPair();
    const received: ServerMessage[] = [];
    const decoder = new FrameDecoder(1024 * 1024);
    theirs.on('data', (chunk: Buffer) => decoder.push(chunk, (payload) => void received.push(JSON.parse(payload.toString('utf8')) as ServerMessage)));
    const ended = new Promise((resolve) => theirs.on('close', resolve));
    deliver({ stream: mine, peer: { maxRole: 'admin', sessionId: null, pid: null, endpoint: 'admin', account: null } });
    theirs.write(hello());
    await ended;
    assert.deepEqual(received, [{ type: 'error', error: { code: 'E_UNAVAILABLE', message: 'service is stopping' } }]);
    assert.equal(server.connections.size, 0);
  });

  it('drops an event that cannot be framed, and says so', async () => {
    const test = await TestServer.start({ limits: { maxFrameBytes: 1024 } });
    try {
      const client = await test.connect('user');
      const [connection] = [...test.server.connections];
      assert.ok(connection !== undefined);
      const huge = { id: 'n', title: 't', body: 'b'.repeat(2_000), level: 'info' as const, at: new Date(0).toISOString() };
      assert.equal(connection.emit('notify', huge), false);
      // The connection is still good for what fits.
      const received = new Promise((resolve) => client.on('service.stopping', resolve));
      assert.equal(connection.emit('service.stopping', { restarting: false }), true);
      assert.deepEqual(await received, { restarting: false });
    } finally {
      await test.dispose();
    }
  });

  it('refuses to attach a listener once it is closing', async () => {
    const server = new RpcServer({ commands, events, handlers: testHandlers(), product: PRODUCT });
    await server.close();
    let listened = false;
    const listener: Listener = { address: 'memory://late', listen: async () => void (listened = true), close: async () => undefined };
    await assert.rejects(server.attach(listener), { code: 'E_UNAVAILABLE', message: 'server is closing' });
    assert.equal(listened, false);
  });

  it('never holds a payload announced but not sent', async () => {
    const test = await TestServer.start({ limits: { frameDeadlineMs: 100 } });
    try {
      const peer = await handshaken(test.adminAddress);
      peer.send(header(1024 * 1024));
      assert.deepEqual(await peer.fatal(), { code: 'E_TIMEOUT', message: 'frame incomplete after 100 ms' });
    } finally {
      await test.dispose();
    }
  });
});
