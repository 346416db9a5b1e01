import assert from 'node:assert/strict';
import type net from 'node:net';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeFrame, FramedConnection, FrameDecoder, resolveLimits, TandemError, type ConnectionLimits, type FramedConnectionOptions } from '../src/index.js';
import { socketPair } from './support/socket-pair.js';

interface Harness {
  readonly framed: FramedConnection;
  /** The stream under the framed end. */
  readonly stream: net.Socket;
  /** The other end, a plain socket. */
  readonly peer: net.Socket;
  /** Frames the framed end received, parsed. */
  readonly received: unknown[];
  /** Frames the plain end received, parsed. */
  readonly peerReceived: unknown[];
  /** Resolves with the framed end's close reason. */
  readonly closed: Promise<TandemError | undefined>;
}

async function harness(
  limits: Partial<ConnectionLimits> = {},
  options: FramedConnectionOptions & { onFrame?: (payload: Buffer, framed: FramedConnection) => void } = {},
): Promise<Harness> {
  const [mine, peer] = await socketPair();
  const received: unknown[] = [];
  const peerReceived: unknown[] = [];
  let close: (error: TandemError | undefined) => void = () => undefined;
  const closed = new Promise<TandemError | undefined>((resolve) => (close = resolve));
  const framed: FramedConnection = new FramedConnection(
    mine,
    resolveLimits(limits),
    {
      onFrame: (payload) => {
        received.push(JSON.parse(payload.toString('utf8')));
        options.onFrame?.(payload, framed);
      },
      onClose: close,
    },
    options,
  );
  const decoder = new FrameDecoder(64 * 1024 * 1024);
  peer.on('data', (chunk: Buffer) => decoder.push(chunk, (payload) => void peerReceived.push(JSON.parse(payload.toString('utf8')))));
  peer.on('error', () => undefined);
  return { framed, stream: mine, peer, received, peerReceived, closed };
}

/** Waits until `condition` holds; the test's own timeout catches a hang. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(5);
}

const frame = (value: unknown): Buffer => encodeFrame(value, 1024 * 1024);

describe('FramedConnection', () => {
  it('delivers frames both ways, in order, also thousands sent in one tick', async () => {
    const h = await harness();
    h.peer.write(Buffer.concat([frame(1), frame('two'), frame({ three: 3 })]));
    for (let i = 0; i < 3_000; i++) h.framed.send({ i, pad: 'x'.repeat(50) });
    await until(() => h.received.length === 3 && h.peerReceived.length === 3_000);
    assert.deepEqual(h.received, [1, 'two', { three: 3 }]);
    assert.ok(h.peerReceived.every((message, i) => (message as { i: number }).i === i));
    h.peer.end();
    assert.equal(await h.closed, undefined);
    assert.equal(h.framed.send('late'), false);
  });

  it('drops a frame left incomplete past the deadline, telling the peer', { timeout: 10_000 }, async () => {
    const h = await harness({ frameDeadlineMs: 50 });
    h.peer.write(frame('complete'));
    h.peer.write(frame('truncated').subarray(0, 6));
    const error = await h.closed;
    assert.deepEqual([error?.code, error?.message], ['E_TIMEOUT', 'frame incomplete after 50 ms']);
    assert.deepEqual(h.received, ['complete']);
    assert.deepEqual(h.peerReceived, [{ type: 'error', error: { code: 'E_TIMEOUT', message: 'frame incomplete after 50 ms' } }]);
  });

  it('does not let a peer extend the deadline by dribbling bytes', { timeout: 10_000 }, async () => {
    const h = await harness({ frameDeadlineMs: 150 });
    const bytes = frame('z'.repeat(200));
    let sent = 0;
    const dribble = setInterval(() => {
      if (sent < bytes.length && !h.peer.destroyed) h.peer.write(bytes.subarray(sent, ++sent));
    }, 10);
    const error = await h.closed;
    clearInterval(dribble);
    assert.equal(error?.code, 'E_TIMEOUT');
    assert.deepEqual(h.received, []);
  });

  it('starts the deadline over for each frame', { timeout: 10_000 }, async () => {
    const deadlineMs = 400;
    const h = await harness({ frameDeadlineMs: deadlineMs });
    // Frames each sent in two halves, the second once the first was read: as many as fit in
    // twice the deadline, so far longer than the deadline in all, far shorter for any one frame.
    const started = Date.now();
    let sent = 0;
    let bytesSent = 0;
    while (Date.now() - started < 2 * deadlineMs) {
      const bytes = frame(sent++);
      h.peer.write(bytes.subarray(0, 3));
      await until(() => h.stream.bytesRead >= bytesSent + 3);
      h.peer.write(bytes.subarray(3));
      bytesSent += bytes.length;
    }
    await until(() => h.received.length === sent || h.framed.closed);
    assert.equal(h.framed.closed, false);
    h.peer.end();
    assert.equal(await h.closed, undefined);
  });

  it('stops delivering at a hold, even in the middle of a chunk, and resumes in order on release', async () => {
    let held = false;
    const h = await harness(
      {},
      {
        onFrame: (_payload, framed) => {
          if (!held) {
            held = true;
            framed.hold();
          }
        },
      },
    );
    const bytes = Buffer.concat([frame(1), frame(2), frame(3), frame(4)]);
    h.peer.write(bytes);
    // Every byte read, and a turn of the loop for any 'data' event still due.
    await until(() => h.received.length >= 1 && h.stream.bytesRead === bytes.length);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(h.received, [1]);
    h.framed.release();
    await until(() => h.received.length === 4);
    assert.deepEqual(h.received, [1, 2, 3, 4]);
    h.peer.destroy();
  });

  it('does not count time held against the frame deadline', { timeout: 10_000 }, async () => {
    const deadlineMs = 100;
    const h = await harness({ frameDeadlineMs: deadlineMs });
    const bytes = frame('held across the deadline');
    // Held right after the chunk that armed the deadline was decoded, in the same tick.
    let heldAt = 0;
    h.stream.once('data', () => {
      h.framed.hold();
      heldAt = Date.now();
    });
    h.peer.write(bytes.subarray(0, 5));
    // What is awaited here is time itself: the hold must outlast the deadline.
    await until(() => heldAt > 0 && Date.now() - heldAt > 3 * deadlineMs);
    assert.equal(h.framed.closed, false);
    h.framed.release();
    h.peer.write(bytes.subarray(5));
    await until(() => h.received.length === 1);
    assert.equal(h.framed.closed, false);
    h.peer.destroy();
  });

  it('stops reading a peer that does not read, then drops it when it stays so', { timeout: 10_000 }, async () => {
    const h = await harness({ writeHighWaterBytes: 64 * 1024, writeStallMs: 300 });
    h.peer.pause();
    for (let i = 0; i < 100; i++) h.framed.send({ pad: 'p'.repeat(16 * 1024) });
    assert.ok(h.stream.writableLength > 64 * 1024, 'the kernel took everything; the test needs more data');
    h.peer.write(frame('sent while held'));
    const error = await h.closed;
    assert.deepEqual([error?.code, error?.message], ['E_TIMEOUT', 'peer stopped reading for 300 ms']);
    assert.deepEqual(h.received, []);
  });

  it('reads again once a peer that stopped reading catches up', { timeout: 10_000 }, async () => {
    const h = await harness({ writeHighWaterBytes: 64 * 1024, writeStallMs: 60_000 });
    h.peer.pause();
    for (let i = 0; i < 100; i++) h.framed.send({ pad: 'r'.repeat(16 * 1024) });
    assert.equal(h.stream.isPaused(), true);
    h.peer.write(frame('sent while held'));
    h.peer.resume();
    await until(() => h.received.length === 1 && h.peerReceived.length === 100);
    assert.deepEqual(h.received, ['sent while held']);
    assert.equal(h.stream.isPaused(), false);
    h.peer.destroy();
    await h.closed;
  });

  it('reads again only when every hold is released, and ignores a release without a hold', async () => {
    const h = await harness();
    h.framed.release();
    h.framed.hold();
    h.framed.hold();
    h.framed.release();
    assert.equal(h.stream.isPaused(), true);
    h.framed.release();
    assert.equal(h.stream.isPaused(), false);
    h.framed.release();
    h.framed.hold();
    assert.equal(h.stream.isPaused(), true);
    h.framed.release();
    h.peer.write(frame('after'));
    await until(() => h.received.length === 1);
    h.peer.destroy();
    await h.closed;
  });

  it('reads again when it fails while held, so the peer can end the connection at once', async () => {
    const h = await harness();
    h.framed.hold();
    h.framed.fail(new TandemError('E_FORBIDDEN', 'gone'));
    assert.equal(h.stream.isPaused(), false);
    await until(() => h.peerReceived.length === 1);
    h.peer.end();
    assert.equal((await h.closed)?.code, 'E_FORBIDDEN');
  });

  it('drops a peer at once when the queue for it passes maxWriteQueueBytes', { timeout: 10_000 }, async () => {
    const h = await harness({ writeHighWaterBytes: 64 * 1024, maxWriteQueueBytes: 512 * 1024, writeStallMs: 60_000 });
    h.peer.pause();
    // Pushes go on while reading is held (the server's events do): the cap is what stops them.
    for (let i = 0; i < 100 && !h.framed.closed; i++) h.framed.send({ pad: 'e'.repeat(16 * 1024) });
    const error = await h.closed;
    assert.equal(error?.code, 'E_BUSY');
    assert.match(error?.message ?? '', /^peer does not read: \d+ bytes queued for it$/);
  });

  it('keeps reading under write backpressure when told to (the client side)', { timeout: 10_000 }, async () => {
    const h = await harness({ writeHighWaterBytes: 64 * 1024, writeStallMs: 100 }, { onWriteBackpressure: 'keep-reading' });
    h.peer.pause();
    for (let i = 0; i < 100; i++) h.framed.send({ pad: 'k'.repeat(16 * 1024) });
    // Above the high-water mark the throttling side pauses at once, in send(); this one does not.
    assert.ok(h.stream.writableLength > 64 * 1024, 'the kernel took everything; the test needs more data');
    assert.equal(h.stream.isPaused(), false);
    h.peer.write(frame('answer'));
    await until(() => h.received.length === 1);
    assert.equal(h.framed.closed, false);
    h.peer.destroy();
    await h.closed;
  });

  it('closes with the TandemError a frame handler throws, telling the peer', async () => {
    const h = await harness({}, { onFrame: () => { throw new TandemError('E_FORBIDDEN', 'not that'); } });
    h.peer.write(Buffer.concat([frame(1), frame(2)]));
    const error = await h.closed;
    assert.deepEqual([error?.code, error?.message], ['E_FORBIDDEN', 'not that']);
    assert.deepEqual(h.received, [1]);
    assert.deepEqual(h.peerReceived, [{ type: 'error', error: { code: 'E_FORBIDDEN', message: 'not that' } }]);
  });

  it('hides the text of any other error a frame handler throws', async () => {
    const h = await harness({}, { onFrame: () => { throw new Error('secret detail'); } });
    h.peer.write(frame(1));
    assert.equal((await h.closed)?.code, 'E_INTERNAL');
    assert.deepEqual(h.peerReceived, [{ type: 'error', error: { code: 'E_INTERNAL', message: 'frame handler failed' } }]);
  });

  it('tells the peer when its frame header is too large', async () => {
    const h = await harness({ maxFrameBytes: 1024 });
    const header = Buffer.alloc(4);
    header.writeUInt32BE(0xffff_ffff, 0);
    h.peer.write(header);
    assert.equal((await h.closed)?.code, 'E_TOO_LARGE');
    assert.deepEqual(h.peerReceived, [{ type: 'error', error: { code: 'E_TOO_LARGE', message: 'frame of 4294967295 bytes exceeds the 1024-byte limit' } }]);
  });

  it('reports a connection that ended inside a frame', async () => {
    const h = await harness();
    h.peer.end(frame('cut short').subarray(0, 7));
    const error = await h.closed;
    assert.deepEqual([error?.code, error?.message], ['E_BAD_FRAME', 'connection ended inside a frame']);
  });

  it('ends cleanly after queued writes', async () => {
    const h = await harness();
    h.framed.send('last words');
    h.framed.end();
    assert.equal(await h.closed, undefined);
    await until(() => h.peerReceived.length === 1);
    assert.deepEqual(h.peerReceived, ['last words']);
  });
});
