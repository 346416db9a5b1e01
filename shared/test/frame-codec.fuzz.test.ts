/**
 * Property tests of the framing layer: any messages survive any chunking; any byte stream, and
 * any mutation of a valid one, either decodes exactly as a simple reference decoder says or
 * fails with a typed error, and never makes the decoder hold more than one frame.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeFrame, FRAME_HEADER_BYTES, FrameDecoder, TandemError } from '../src/index.js';
import { fuzzRuns } from './support/fuzz-runs.js';

const MAX = 256;

/** Cuts `bytes` into chunks at the given positions (taken modulo its length). */
function chunk(bytes: Uint8Array, cuts: readonly number[]): Buffer[] {
  const buffer = Buffer.from(bytes);
  const points = [...new Set(cuts.map((cut) => (buffer.length === 0 ? 0 : cut % buffer.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, buffer.length]) {
    if (point > start) chunks.push(buffer.subarray(start, point));
    start = point;
  }
  return chunks;
}

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

const cuts = fc.array(fc.nat(), { maxLength: 12 });
/** Small length fields are the interesting ones; huge ones must be refused. */
const lengthField = fc.oneof(fc.integer({ min: 0, max: MAX + 2 }), fc.constant(0xffff_ffff), fc.nat({ max: 0xffff_ffff }));

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
      fc.tuple(lengthField, fc.uint8Array({ maxLength: MAX + 16 })).map(([length, rest]) => {
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
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('header' as const), frame: fc.nat(), length: lengthField }),
    );
    type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

    function mutate(frames: Buffer[], change: Mutation): Buffer {
      if (change.kind === 'header') {
        const target = frames[change.frame % frames.length];
        if (target !== undefined && target.length >= FRAME_HEADER_BYTES) target.writeUInt32BE(change.length, 0);
        return Buffer.concat(frames);
      }
      const stream = Buffer.concat(frames);
      const at = change.at % (stream.length + 1);
      switch (change.kind) {
        case 'flip': {
          const index = Math.min(at, stream.length - 1);
          stream[index] = (stream[index] ?? 0) ^ (1 << change.bit);
          return stream;
        }
        case 'insert':
          return Buffer.concat([stream.subarray(0, at), change.bytes, stream.subarray(at)]);
        case 'delete':
          return Buffer.concat([stream.subarray(0, at), stream.subarray(at + change.count)]);
        case 'truncate':
          return stream.subarray(0, at);
      }
    }

    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 4 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), cuts, (values, changes, cutPoints) => {
        const frames = values.map((value) => encodeFrame(JSON.stringify(value).length <= MAX - 8 ? value : null, MAX));
        let stream: Buffer = Buffer.concat(frames);
        for (const change of changes) stream = mutate(change.kind === 'header' ? splitFrames(stream, frames.length) : [stream], change);
        assert.deepEqual(incrementalDecode(chunk(stream, cutPoints), MAX), referenceDecode(stream, MAX));
      }),
      { numRuns: fuzzRuns(30_000) },
    );
  });
});

/**
 * Splits a (possibly already mutated) stream into frame-sized copies along its length fields,
 * so a header mutation lands on a header; whatever does not parse stays one trailing piece.
 */
function splitFrames(stream: Buffer, atMost: number): Buffer[] {
  const pieces: Buffer[] = [];
  let offset = 0;
  while (pieces.length < atMost && stream.length - offset >= FRAME_HEADER_BYTES) {
    const length = stream.readUInt32BE(offset);
    const end = offset + FRAME_HEADER_BYTES + length;
    if (length === 0 || length > MAX || end > stream.length) break;
    pieces.push(Buffer.from(stream.subarray(offset, end)));
    offset = end;
  }
  if (offset < stream.length || pieces.length === 0) pieces.push(Buffer.from(stream.subarray(offset)));
  return pieces;
}
