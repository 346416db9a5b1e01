import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeFrame, FrameDecoder, TandemError, type ErrorCode } from '../src/index.js';
import { header } from './support/raw-peer.js';

const MAX = 1024;

function decodeAll(chunks: readonly Buffer[], max = MAX): unknown[] {
  const decoder = new FrameDecoder(max);
  const out: unknown[] = [];
  for (const chunk of chunks) decoder.push(chunk, (payload) => void out.push(JSON.parse(payload.toString('utf8'))));
  return out;
}

function isCode(code: ErrorCode): (error: unknown) => boolean {
  return (error: unknown) => error instanceof TandemError && error.code === code;
}

describe('encodeFrame', () => {
  it('writes the UTF-8 byte length big-endian, then the JSON', () => {
    const frame = encodeFrame({ text: 'héllo ☃' }, MAX);
    const json = '{"text":"héllo ☃"}';
    assert.equal(frame.readUInt32BE(0), Buffer.byteLength(json));
    assert.equal(frame.subarray(4).toString('utf8'), json);
  });

  it('encodes ASCII and non-ASCII strings to the same bytes as Buffer.from', () => {
    for (const value of ['plain', 'ÿ latin-1 range', '\u{1F600} astral', 'lone \uD800 surrogate', '']) {
      assert.deepEqual(encodeFrame(value, MAX).subarray(4), Buffer.from(JSON.stringify(value), 'utf8'), value);
    }
  });

  it('accepts a payload of exactly the maximum and refuses one byte more', () => {
    const exact = 'x'.repeat(MAX - 2); // the JSON string adds two quotes
    assert.equal(encodeFrame(exact, MAX).length, 4 + MAX);
    assert.throws(() => encodeFrame(`${exact}x`, MAX), {
      code: 'E_TOO_LARGE',
      message: `message of ${MAX + 1} bytes exceeds the ${MAX}-byte frame limit`,
    });
  });

  it('refuses values with no JSON form', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const value of [undefined, () => 1, 10n, cycle]) {
      assert.throws(() => encodeFrame(value, MAX), isCode('E_BAD_MESSAGE'));
    }
  });
});

describe('FrameDecoder', () => {
  const frames = [encodeFrame({ a: 1 }, MAX), encodeFrame(['two', 2], MAX), encodeFrame('three', MAX)];
  const stream = Buffer.concat(frames);

  it('decodes many frames from one chunk, in order', () => {
    assert.deepEqual(decodeAll([stream]), [{ a: 1 }, ['two', 2], 'three']);
  });

  it('decodes a stream split at every possible point, headers included', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      assert.deepEqual(decodeAll([stream.subarray(0, cut), stream.subarray(cut)]), [{ a: 1 }, ['two', 2], 'three'], `cut at ${cut}`);
    }
  });

  it('decodes a stream fed one byte at a time', () => {
    const bytes = [...stream].map((byte) => Buffer.from([byte]));
    assert.deepEqual(decodeAll(bytes), [{ a: 1 }, ['two', 2], 'three']);
  });

  it('reports a partial frame and the bytes it holds', () => {
    const decoder = new FrameDecoder(MAX);
    assert.equal(decoder.partial, false);
    decoder.push(stream.subarray(0, 2), () => assert.fail('no frame yet'));
    assert.deepEqual([decoder.partial, decoder.bufferedBytes], [true, 2]);
    decoder.push(stream.subarray(2, 7), () => assert.fail('no frame yet'));
    assert.deepEqual([decoder.partial, decoder.bufferedBytes], [true, 3]);
    const frameOne = frames[0];
    assert.ok(frameOne !== undefined);
    decoder.push(stream.subarray(7, frameOne.length), () => undefined);
    assert.deepEqual([decoder.partial, decoder.bufferedBytes], [false, 0]);
  });

  it('holds only the bytes received, not the length a header announces', () => {
    const decoder = new FrameDecoder(MAX);
    decoder.push(Buffer.concat([header(MAX), Buffer.from('{"')]), () => assert.fail('no frame yet'));
    assert.equal(decoder.bufferedBytes, 2);
  });

  it('accepts a frame of exactly the maximum size', () => {
    const payload = Buffer.from(JSON.stringify('y'.repeat(MAX - 2)));
    const decoded = decodeAll([header(MAX), payload]);
    assert.equal((decoded[0] as string).length, MAX - 2);
  });

  it('rejects a length of one more than the maximum as soon as the header arrives', () => {
    const decoder = new FrameDecoder(MAX);
    assert.throws(() => decoder.push(header(MAX + 1), () => assert.fail('no frame')), {
      code: 'E_TOO_LARGE',
      message: `frame of ${MAX + 1} bytes exceeds the ${MAX}-byte limit`,
    });
  });

  it('rejects a 4 GiB length field before buffering a payload byte', () => {
    const decoder = new FrameDecoder(1024 * 1024);
    // Header split over two chunks, with payload bytes behind it in the second.
    decoder.push(Buffer.from([0xff, 0xff]), () => assert.fail('no frame'));
    assert.throws(() => decoder.push(Buffer.from([0xff, 0xff, 0x7b, 0x7d]), () => assert.fail('no frame')), isCode('E_TOO_LARGE'));
    assert.equal(decoder.bufferedBytes, 0);
  });

  it('rejects an empty payload', () => {
    assert.throws(() => decodeAll([header(0)]), { code: 'E_BAD_FRAME', message: 'frame with an empty payload' });
  });

  it('refuses all input after a bad header: the stream cannot be re-synchronised', () => {
    const decoder = new FrameDecoder(MAX);
    assert.throws(() => decoder.push(header(0), () => undefined), isCode('E_BAD_FRAME'));
    assert.throws(() => decoder.push(frames[0] ?? Buffer.alloc(0), () => assert.fail('no frame')), {
      code: 'E_BAD_FRAME',
      message: 'decoder already failed; the connection must be closed',
    });
  });

  it('stops after a frame when told to and says how much it consumed', () => {
    const decoder = new FrameDecoder(MAX);
    const seen: unknown[] = [];
    const consumed = decoder.push(stream, (payload) => {
      seen.push(JSON.parse(payload.toString('utf8')));
      return false;
    });
    assert.equal(consumed, frames[0]?.length);
    assert.deepEqual(seen, [{ a: 1 }]);
    const rest = decoder.push(stream.subarray(consumed), (payload) => void seen.push(JSON.parse(payload.toString('utf8'))));
    assert.equal(rest, stream.length - consumed);
    assert.deepEqual(seen, [{ a: 1 }, ['two', 2], 'three']);
  });

  it('stops after a frame assembled from pieces, too', () => {
    const decoder = new FrameDecoder(MAX);
    const first = frames[0];
    assert.ok(first !== undefined);
    decoder.push(stream.subarray(0, 3), () => assert.fail('no frame yet'));
    const consumed = decoder.push(stream.subarray(3), () => false);
    assert.equal(consumed, first.length - 3);
  });

  it('hands back payloads that stay valid after later chunks arrive', () => {
    const decoder = new FrameDecoder(MAX);
    const payloads: Buffer[] = [];
    decoder.push(stream.subarray(0, 6), (payload) => void payloads.push(payload));
    decoder.push(stream.subarray(6), (payload) => void payloads.push(payload));
    assert.deepEqual(
      payloads.map((payload) => payload.toString('utf8')),
      ['{"a":1}', '["two",2]', '"three"'],
    );
  });
});
