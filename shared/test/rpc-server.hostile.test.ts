/**
 * Hostile clients against a real server over real Unix sockets. Each attack is followed by a
 * well-behaved client that must still connect and get a correct answer within its deadline.
 * The server runs with small deadlines and queues so that every defence trips within the test.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type net from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ERROR_CODES, PROTOCOL_VERSION, type ServerMessage } from '../src/index.js';
import { frame, header, hello, RawPeer, request } from './support/raw-peer.js';
import { actionStarted, assertServes, TestServer } from './support/test-server.js';
import { until } from './support/until.js';

const LIMITS = {
  frameDeadlineMs: 200,
  handshakeDeadlineMs: 400,
  maxInFlight: 8,
  writeHighWaterBytes: 64 * 1024,
  writeStallMs: 500,
  maxWriteQueueBytes: 1024 * 1024,
};
const MAX_CONNECTIONS = 64;

const isResponse = (id: number) => (message: ServerMessage) => message.type === 'response' && message.id === id;

function errorOf(message: ServerMessage | undefined): string | undefined {
  return message?.type === 'response' && !message.ok ? message.error.code : undefined;
}

describe('RpcServer under attack', () => {
  let test: TestServer;
  let gate: { open: () => void; wait: Promise<void> } = newGate();
  let running = 0;
  let mostRunning = 0;
  const peers: RawPeer[] = [];

  function newGate(): { open: () => void; wait: Promise<void> } {
    let open: () => void = () => undefined;
    const wait = new Promise<void>((resolve) => (open = resolve));
    return { open, wait };
  }

  async function attacker(address = test.adminAddress, options: { paused?: boolean } = {}): Promise<RawPeer> {
    const peer = await RawPeer.connect(address, options);
    peers.push(peer);
    return peer;
  }

  async function handshaken(address = test.adminAddress, role: 'user' | 'admin' = 'admin'): Promise<RawPeer> {
    const peer = await attacker(address);
    peer.send(hello(role));
    await peer.waitFor((message) => message.type === 'welcome', 'the welcome');
    return peer;
  }

  before(async () => {
    test = await TestServer.start({
      limits: LIMITS,
      maxConnections: MAX_CONNECTIONS,
      handlers: {
        // A slow command: it runs until the test opens the gate.
        'agent.quit': async () => {
          running++;
          mostRunning = Math.max(mostRunning, running);
          await gate.wait;
          running--;
          return { ok: true };
        },
      },
    });
  });
  // Each attack starts from a quiet server: the last one's connections are gone on both sides.
  afterEach(async () => {
    for (const peer of peers.splice(0)) {
      peer.destroy();
      await peer.closed;
    }
    for (let waited = 0; test.admin.open + test.user.open > 0; waited += 5) {
      if (waited > 5_000) throw new Error(`server still holds ${test.admin.open + test.user.open} connections`);
      await sleep(5);
    }
  });
  after(() => test.dispose());

  it('survives garbage bytes', async () => {
    const http = await attacker();
    http.send(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    assert.equal((await http.fatal())?.code, 'E_TOO_LARGE');
    for (let i = 0; i < 20; i++) {
      const peer = await attacker();
      peer.send(randomBytes(1 + (i * 97) % 4096));
      peer.socket.end();
      const fatal = await peer.fatal();
      // Random bytes may happen to form a frame header that waits for more: then our end is
      // what closes it. Anything the server does say must be a known error code.
      if (fatal !== undefined) assert.ok((ERROR_CODES as readonly string[]).includes(fatal.code), fatal.code);
    }
    await assertServes(test);
  });

  it('refuses a 4 GiB length field before reading on', async () => {
    const peer = await handshaken();
    peer.send(Buffer.concat([header(0xffff_ffff), randomBytes(64 * 1024)]));
    assert.deepEqual(await peer.fatal(), { code: 'E_TOO_LARGE', message: 'frame of 4294967295 bytes exceeds the 1048576-byte limit' });
    await assertServes(test);
  });

  it('drops a truncated frame followed by silence (slowloris)', async () => {
    const before = await handshaken();
    before.send(Buffer.concat([header(100), Buffer.from('{"type":"req')]));
    assert.deepEqual(await before.fatal(), { code: 'E_TIMEOUT', message: `frame incomplete after ${LIMITS.frameDeadlineMs} ms` });
    // The same before the handshake, and with a header cut in half.
    const half = await attacker();
    half.send(hello().subarray(0, 2));
    assert.equal((await half.fatal())?.code, 'E_TIMEOUT');
    await assertServes(test);
  });

  it('drops a peer that dribbles a frame a byte at a time', { timeout: 10_000 }, async () => {
    const peer = await attacker();
    const bytes = hello();
    let sent = 0;
    const dribble = setInterval(() => {
      if (sent < bytes.length && !peer.socket.destroyed) peer.send(bytes.subarray(sent, ++sent));
    }, 40);
    const fatal = await peer.fatal();
    clearInterval(dribble);
    assert.equal(fatal?.code, 'E_TIMEOUT');
    assert.ok(sent < bytes.length, 'the whole hello got through');
    await assertServes(test);
  });

  it('drops a connection that never says hello', async () => {
    const peer = await attacker();
    assert.deepEqual(await peer.fatal(), { code: 'E_TIMEOUT', message: `no handshake within ${LIMITS.handshakeDeadlineMs} ms` });
    await assertServes(test);
  });

  it('refuses invalid JSON, invalid UTF-8 and JSON that is not a message', async () => {
    const payloads = [Buffer.from('{"type":"hello",'), Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), Buffer.from('null'), Buffer.from('[1,2,3]'), Buffer.from('"hello"')];
    for (const payload of payloads) {
      const peer = await attacker();
      peer.send(Buffer.concat([header(payload.length), payload]));
      assert.equal((await peer.fatal())?.code, 'E_BAD_MESSAGE', payload.toString('latin1'));
    }
    const late = await handshaken();
    late.send(frame({ type: 'request', id: 'x', command: 'status' }));
    assert.deepEqual(await late.fatal(), { code: 'E_BAD_MESSAGE', message: 'malformed message: id: Invalid input: expected number, received string' });
    await assertServes(test);
  });

  it('refuses a wrong protocol version', async () => {
    for (const protocol of [0, PROTOCOL_VERSION + 1, 2 ** 31, -1]) {
      const peer = await attacker();
      peer.send(hello('admin', protocol));
      assert.equal((await peer.fatal())?.code, 'E_UNSUPPORTED_VERSION', String(protocol));
    }
    await assertServes(test);
  });

  it('answers unknown commands, prototype names included, without closing', async () => {
    const peer = await handshaken();
    const names = ['no.such.command', '__proto__', 'constructor', 'hasOwnProperty', 'x'.repeat(128)];
    names.forEach((name, i) => peer.send(request(i + 1, name)));
    for (let i = 1; i <= names.length; i++) assert.equal(errorOf(await peer.waitFor(isResponse(i), `response ${i}`)), 'E_UNKNOWN_COMMAND');
    peer.send(request(99, 'agents.restart', { sessionId: 1 }));
    assert.deepEqual(await peer.waitFor(isResponse(99), 'response 99'), { type: 'response', id: 99, ok: true, result: { restarted: [1] } });
    await assertServes(test);
  });

  it("refuses a user an admin command, and an admin role on a user's endpoint", async () => {
    const user = await handshaken(test.userAddress, 'user');
    for (const [id, command] of [[1, 'config.set'], [2, 'sessions.list'], [3, 'agents.restart'], [4, 'notify.broadcast']] as const) {
      user.send(request(id, command, {}));
      assert.equal(errorOf(await user.waitFor(isResponse(id), command)), 'E_FORBIDDEN', command);
    }
    const climber = await attacker(test.userAddress);
    climber.send(hello('admin'));
    assert.equal((await climber.fatal())?.code, 'E_FORBIDDEN');
    await assertServes(test);
  });

  it('cleans up after 1,000 connections opened and dropped', { timeout: 60_000 }, async () => {
    const streamsBefore = test.admin.streams.length;
    for (let batch = 0; batch < 20; batch++) {
      const attempts = Array.from({ length: 50 }, async (_, i) => {
        const peer = await RawPeer.connect(test.adminAddress);
        // Dropped at every stage: at once, mid-header, mid-frame, after the hello, mid-request.
        const stage = (batch * 50 + i) % 5;
        if (stage === 1) peer.send(hello().subarray(0, 3));
        if (stage === 2) peer.send(hello().subarray(0, 12));
        if (stage >= 3) peer.send(hello());
        if (stage === 4) peer.send(request(1, 'agents.restart').subarray(0, 9));
        if (stage >= 3) await peer.waitFor((message) => message.type === 'welcome', 'the welcome').catch(() => undefined);
        peer.destroy();
        await peer.closed;
      });
      await Promise.all(attempts);
    }
    // Every server-side stream of those connections gets closed, none is leaked.
    while (test.admin.open > 0) await sleep(10);
    assert.equal(test.server.connections.size, 0);
    assert.equal(test.admin.streams.length - streamsBefore, 1_000);
    await assertServes(test);
  });

  it('stops reading a client that floods requests and never reads, then drops it', { timeout: 30_000 }, async () => {
    const flood = await handshaken();
    flood.socket.pause();
    const server = test.admin.streams.at(-1) as net.Socket;
    const burst = Buffer.concat(Array.from({ length: 1_000 }, (_, i) => request(i + 1, 'agents.restart', { sessionId: i })));
    let sent = 0;
    let mostQueued = 0;
    const pump = setInterval(() => {
      // Whatever backpressure says: a hostile client ignores it.
      if (!flood.socket.destroyed) {
        flood.socket.write(burst);
        sent += burst.length;
      }
      mostQueued = Math.max(mostQueued, server.writableLength);
    }, 2);
    // Stalled: answers queued above the high-water mark, reading paused, and the socket's own
    // read buffer full, so the kernel holds the rest of the flood.
    await until(
      () => server.writableLength > LIMITS.writeHighWaterBytes && server.isPaused() && server.readableLength >= server.readableHighWaterMark,
      'the server to stop reading the flood',
    );
    const readWhenStalled = server.bytesRead;
    // While the flood goes on, others are served.
    await assertServes(test);
    await flood.closed;
    clearInterval(pump);
    // The answers the server queued for it stayed near the high-water mark...
    assert.ok(mostQueued <= LIMITS.writeHighWaterBytes + 16 * 1024, `server queued ${mostQueued} bytes for a client that does not read`);
    // ...and from the stall until it dropped the client, it read nothing more.
    assert.ok(sent > 10 * server.bytesRead, `server read ${server.bytesRead} of ${sent} bytes sent`);
    assert.equal(server.bytesRead, readWhenStalled);
    await assertServes(test);
  });

  it('runs no more than maxInFlight slow requests of one client at once', { timeout: 30_000 }, async () => {
    const peer = await handshaken(test.userAddress, 'user');
    peer.send(Buffer.concat(Array.from({ length: 200 }, (_, i) => request(i + 1, 'agent.quit'))));
    await until(() => running >= LIMITS.maxInFlight, 'maxInFlight requests to run');
    // Quick requests of other clients are not held up by this one's slow ones; and while the
    // server answered them, it started none of this client's other 192.
    await assertServes(test);
    assert.equal(running, LIMITS.maxInFlight);
    gate.open();
    await peer.waitFor(isResponse(200), 'the last response');
    assert.equal(mostRunning, LIMITS.maxInFlight);
    assert.equal(peer.messages.filter((message) => message.type === 'response' && message.ok).length, 200);
    gate = newGate();
    await assertServes(test);
  });

  it('drops a client that does not read the events pushed to it', { timeout: 30_000 }, async () => {
    const sleeper = await handshaken(test.userAddress, 'user');
    sleeper.socket.pause();
    const connection = [...test.server.connections].find((candidate) => candidate.client === 'raw-peer/1' && candidate.role === 'user');
    assert.ok(connection !== undefined);
    const notice = { id: 'n', title: 't', body: 'b'.repeat(2_000), level: 'info' as const, at: new Date(0).toISOString() };
    let pushed = 0;
    let dropped = false;
    const frameBytes = Buffer.byteLength(JSON.stringify({ type: 'event', event: 'notify', data: notice })) + 4;
    // Pushed without yielding: the queue grows by exactly one frame per event, whatever the load.
    while (pushed < 10_000) {
      if (!connection.emit('notify', notice)) {
        dropped = true;
        break;
      }
      pushed++;
    }
    assert.ok(dropped, 'the server kept queueing events for a client that does not read');
    // Dropped once the queue passed maxWriteQueueBytes; what the kernel took before is the rest
    // (a Unix socket's send buffer, about 208 KiB on Linux).
    assert.ok(pushed * frameBytes <= LIMITS.maxWriteQueueBytes + 512 * 1024, `pushed ${pushed} events of ${frameBytes} bytes before the drop`);
    // Reading again, the client finds the connection closed.
    sleeper.socket.resume();
    await sleeper.closed;
    await assertServes(test);
  });

  it('refuses connections over the per-endpoint cap with E_UNAVAILABLE, without locking out other endpoints', { timeout: 30_000 }, async () => {
    const hogs = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => handshaken(test.userAddress, 'user')));
    const refused = await attacker(test.userAddress);
    assert.deepEqual(await refused.fatal(), { code: 'E_UNAVAILABLE', message: 'too many connections' });
    // The admin endpoint has its own count.
    await assertServes(test);
    for (const hog of hogs) hog.destroy();
    await Promise.all(hogs.map((hog) => hog.closed));
    while (test.user.open > 0) await sleep(10);
    const back = await test.connect('user');
    assert.deepEqual(await back.call('agent.action', { id: 'again' }), actionStarted('again'));
    back.close();
  });
});
