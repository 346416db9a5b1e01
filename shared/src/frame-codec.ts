/**
 * Framing: each frame is a 4-byte big-endian payload length followed by that many bytes of
 * UTF-8 JSON. The decoder is incremental and never holds more than one frame: it rejects an
 * oversized length as soon as the header arrives, before buffering a single payload byte.
 */
import { TandemError } from './errors.js';
import { FRAME_HEADER_BYTES } from './limits.js';

/**
 * Encodes one JSON-serialisable value as a frame. Throws E_BAD_MESSAGE when the value has no
 * JSON form (undefined, a BigInt, a cycle) and E_TOO_LARGE when it does not fit in a frame.
 */
export function encodeFrame(value: unknown, maxFrameBytes: number): Buffer {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new TandemError('E_BAD_MESSAGE', `message is not JSON-serialisable: ${(error as Error).message}`, { cause: error });
  }
  if (json === undefined) throw new TandemError('E_BAD_MESSAGE', 'message is not JSON-serialisable');
  const length = Buffer.byteLength(json);
  if (length > maxFrameBytes) {
    throw new TandemError('E_TOO_LARGE', `message of ${length} bytes exceeds the ${maxFrameBytes}-byte frame limit`);
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.writeUInt32BE(length, 0);
  // As many bytes as characters means every character is ASCII, whose UTF-8 and Latin-1 bytes
  // are the same; the Latin-1 encoder is the faster of the two.
  frame.write(json, FRAME_HEADER_BYTES, length === json.length ? 'latin1' : 'utf8');
  return frame;
}

export class FrameDecoder {
  readonly #maxFrameBytes: number;
  readonly #header = Buffer.alloc(FRAME_HEADER_BYTES);
  #headerFill = 0;
  /** Payload length of the frame being assembled, or -1 between frames. */
  #expected = -1;
  /**
   * The payload bytes received so far, as they came. They are joined only when the frame is
   * complete, so a peer that sends a header announcing 1 MiB and then nothing makes us hold
   * four bytes, not a 1 MiB buffer.
   */
  #pieces: Buffer[] = [];
  #received = 0;
  #failed = false;

  constructor(maxFrameBytes: number) {
    this.#maxFrameBytes = maxFrameBytes;
  }

  /** True while part of a frame has arrived and the rest has not. */
  get partial(): boolean {
    return this.#headerFill > 0 || this.#expected !== -1;
  }

  /** Bytes currently held for the incomplete frame. */
  get bufferedBytes(): number {
    return this.#headerFill + this.#received;
  }

  /**
   * Feeds bytes; calls onFrame with each completed payload, in order. onFrame may return false
   * to stop after that frame: push then returns how many bytes of `chunk` it consumed, and the
   * caller feeds the rest later. Throws TandemError (E_BAD_FRAME or E_TOO_LARGE) on a bad
   * header; after that the decoder refuses further input, because the stream can no longer be
   * re-synchronised.
   */
  push(chunk: Buffer, onFrame: (payload: Buffer) => boolean | void): number {
    if (this.#failed) throw new TandemError('E_BAD_FRAME', 'decoder already failed; the connection must be closed');
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#expected === -1) {
        // Fast path: a whole header (and maybe a whole frame) in the chunk, nothing pending.
        if (this.#headerFill === 0 && chunk.length - offset >= FRAME_HEADER_BYTES) {
          const length = this.#checkLength(chunk.readUInt32BE(offset));
          offset += FRAME_HEADER_BYTES;
          if (chunk.length - offset >= length) {
            offset += length;
            if (onFrame(chunk.subarray(offset - length, offset)) === false) return offset;
            continue;
          }
          this.#expected = length;
          continue;
        }
        const take = Math.min(FRAME_HEADER_BYTES - this.#headerFill, chunk.length - offset);
        chunk.copy(this.#header, this.#headerFill, offset, offset + take);
        this.#headerFill += take;
        offset += take;
        if (this.#headerFill < FRAME_HEADER_BYTES) return offset;
        this.#headerFill = 0;
        this.#expected = this.#checkLength(this.#header.readUInt32BE(0));
        continue;
      }
      const take = Math.min(this.#expected - this.#received, chunk.length - offset);
      this.#pieces.push(chunk.subarray(offset, offset + take));
      this.#received += take;
      offset += take;
      if (this.#received === this.#expected) {
        const payload = this.#pieces.length === 1 && this.#pieces[0] !== undefined ? this.#pieces[0] : Buffer.concat(this.#pieces, this.#received);
        this.#expected = -1;
        this.#pieces = [];
        this.#received = 0;
        if (onFrame(payload) === false) return offset;
      }
    }
    return offset;
  }

  #checkLength(length: number): number {
    if (length === 0) {
      this.#failed = true;
      throw new TandemError('E_BAD_FRAME', 'frame with an empty payload');
    }
    if (length > this.#maxFrameBytes) {
      this.#failed = true;
      throw new TandemError('E_TOO_LARGE', `frame of ${length} bytes exceeds the ${this.#maxFrameBytes}-byte limit`);
    }
    return length;
  }
}
