/**
 * Arbitraries for fuzzing byte streams: chunkings, and mutations of valid frame streams (bit
 * flips, inserted and deleted bytes, truncation, forged length fields).
 */
import fc from 'fast-check';
import { FRAME_HEADER_BYTES } from '../../src/index.js';

/** Cut points for chunk(); taken modulo the stream's length. */
export const cuts = fc.array(fc.nat(), { maxLength: 12 });

/** Cuts `bytes` into chunks at the given positions (taken modulo its length). */
export function chunk(bytes: Uint8Array, cutPoints: readonly number[]): Buffer[] {
  const buffer = Buffer.from(bytes);
  const points = [...new Set(cutPoints.map((cut) => (buffer.length === 0 ? 0 : cut % buffer.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of [...points, buffer.length]) {
    if (point > start) chunks.push(buffer.subarray(start, point));
    start = point;
  }
  return chunks;
}

/** Length fields worth trying against a decoder with a limit of `max`: around it, and huge. */
export function lengthField(max: number): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ min: 0, max: max + 2 }), fc.constant(0xffff_ffff), fc.nat({ max: 0xffff_ffff }));
}

export function mutation(max: number) {
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('header' as const), frame: fc.nat(), length: lengthField(max) }),
  );
}

export type Mutation = ReturnType<typeof mutation> extends fc.Arbitrary<infer M> ? M : never;

/** Applies `change` to a stream of frames no larger than `max` each. */
export function mutate(stream: Buffer, change: Mutation, max: number): Buffer {
  if (change.kind === 'header') {
    const frames = splitFrames(stream, max);
    const target = frames[change.frame % frames.length];
    if (target !== undefined && target.length >= FRAME_HEADER_BYTES) target.writeUInt32BE(change.length, 0);
    return Buffer.concat(frames);
  }
  const at = change.at % (stream.length + 1);
  switch (change.kind) {
    case 'flip': {
      const copy = Buffer.from(stream);
      const index = Math.min(at, copy.length - 1);
      if (index >= 0) copy[index] = (copy[index] ?? 0) ^ (1 << change.bit);
      return copy;
    }
    case 'insert':
      return Buffer.concat([stream.subarray(0, at), change.bytes, stream.subarray(at)]);
    case 'delete':
      return Buffer.concat([stream.subarray(0, at), stream.subarray(at + change.count)]);
    case 'truncate':
      return stream.subarray(0, at);
  }
}

/**
 * Splits a (possibly already mutated) stream into copies of its frames along their length
 * fields, so a header mutation lands on a header; what does not parse stays one last piece.
 */
function splitFrames(stream: Buffer, max: number): Buffer[] {
  const pieces: Buffer[] = [];
  let offset = 0;
  while (stream.length - offset >= FRAME_HEADER_BYTES) {
    const length = stream.readUInt32BE(offset);
    const end = offset + FRAME_HEADER_BYTES + length;
    if (length === 0 || length > max || end > stream.length) break;
    pieces.push(Buffer.from(stream.subarray(offset, end)));
    offset = end;
  }
  if (offset < stream.length || pieces.length === 0) pieces.push(Buffer.from(stream.subarray(offset)));
  return pieces;
}
