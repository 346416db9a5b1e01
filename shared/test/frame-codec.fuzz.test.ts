/**
 * Property tests of the framing layer: any messages survive any chunking; any byte stream, and
 * any mutation of a valid one, either decodes exactly as a simple reference decoder says or
 * fails with a typed error, and never makes the decoder hold more than one frame.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeFrame, FRAME_HEADER_BYTES, FrameDecoder, TandemError } from '../src/index.js';
import { chunk, cuts, lengthField, mutate, mutation } from './support/byte-mutations.js';
import { fuzzRuns } from './support/fuzz-runs.js';

const MAX = 256;

type Outcome = { readonly payloads: string[]; readonly end: 'clean' | 'partial' | 'E_BAD_FRAME' | 'E_TOO_LARGE' };

/** The obvious whole-buffer decoder the incremental one must agree with. */
function referenceDecode(bytes: Buffer, max: number): Outcome {
  const payloads: string[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < FRAME_HEADER_BYTES) return { payloads, end: 'partial' };
    const length = bytes.readUInt32BE(offset);
    if (length === 0) return { payloads, end: 'E_BAD_FRAME' };
    if (length > max) return { payloads, end: 'E_TOO_LARGE' };
    if (bytes.length - offset - FRAME_HEADER_BYTES < length) return { payloads, end: 'partial' };
    payloads.push(bytes.subarray(offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + length).toString('latin1'));
    offset += FRAME_HEADER_BYTES + length;
  }
  return { payloads, end: 'clean' };
}

/** Feeds chunks to a FrameDecoder and checks its invariants on the way. */
function incrementalDecode(chunks: readonly Buffer[], max: number): Outcome {
  const decoder = new FrameDecoder(max);
  const payloads: string[] = [];
  for (const piece of chunks) {
    try {
      decoder.push(piece, (payload) => {
        assert.ok(payload.length > 0 && payload.length <= max, `payload of ${payload.length} bytes`);
        payloads.push(payload.toString('latin1'));
      });
    } catch (error) {
      assert.ok(error instanceof TandemError, `untyped error: ${String(error)}`);
      assert.ok(error.code === 'E_BAD_FRAME' || error.code === 'E_TOO_LARGE', error.code);
      assert.throws(() => decoder.push(Buffer.from([1]), () => undefined), { code: 'E_BAD_FRAME' });
      return { payloads, end: error.code };
    }
    // Never more than one frame held: at most a header and a payload of the maximum size.
    assert.ok(decoder.bufferedBytes <= max + FRAME_HEADER_BYTES, `holds ${decoder.bufferedBytes} bytes`);
  }
  return { payloads, end: decoder.partial ? 'partial' : 'clean' };
}


describe('FrameDecoder properties', () => {
  it(`round-trips any sequence of JSON messages under any chunking (${fuzzRuns(20_000)} cases)`, () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 6 }), cuts, (values, cutPoints) => {
        const encodable = values.filter((value) => Buffer.byteLength(JSON.stringify(value)) <= MAX);
        const stream = Buffer.concat(encodable.map((value) => encodeFrame(value, MAX)));
        const decoded: unknown[] = [];
        const decoder = new FrameDecoder(MAX);
        for (const piece of chunk(stream, cutPoints)) decoder.push(piece, (payload) => void decoded.push(JSON.parse(payload.toString('utf8'))));
        assert.equal(decoder.partial, false);
        assert.deepEqual(decoded, encodable.map((value) => JSON.parse(JSON.stringify(value))));
      }),
      { numRuns: fuzzRuns(20_000) },
    );
  });

  it(`agrees with a reference decoder on arbitrary bytes in arbitrary chunks (${fuzzRuns(30_000)} cases)`, () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      // Streams that start with a plausible header, so that the payload paths are reached too.
      fc.tuple(lengthField(MAX), fc.uint8Array({ maxLength: MAX + 16 })).map(([length, rest]) => {
        const head = Buffer.alloc(FRAME_HEADER_BYTES);
        head.writeUInt32BE(length, 0);
        return new Uint8Array(Buffer.concat([head, rest]));
      }),
    );
    fc.assert(
      fc.property(bytes, cuts, (input, cutPoints) => {
        assert.deepEqual(incrementalDecode(chunk(input, cutPoints), MAX), referenceDecode(Buffer.from(input), MAX));
      }),
      { numRuns: fuzzRuns(30_000) },
    );
  });

  it(`handles mutated valid streams as the reference does (${fuzzRuns(30_000)} cases)`, () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 4 }), fc.array(mutation(MAX), { minLength: 1, maxLength: 3 }), cuts, (values, changes, cutPoints) => {
        const frames = values.map((value) => encodeFrame(JSON.stringify(value).length <= MAX - 8 ? value : null, MAX));
        let stream: Buffer = Buffer.concat(frames);
        for (const change of changes) stream = mutate(stream, change, MAX);
        assert.deepEqual(incrementalDecode(chunk(stream, cutPoints), MAX), referenceDecode(stream, MAX));
      }),
      { numRuns: fuzzRuns(30_000) },
    );
  });
});
