/**
 * Framing: each frame is a 4-byte big-endian payload length followed by that many bytes of
 * UTF-8 JSON. The decoder is incremental and never holds more than one frame: it rejects an
 * oversized length as soon as the header arrives, before buffering a single payload byte.
 */
import { TandemError } from './errors.js';
import { FRAME_HEADER_BYTES } from './limits.js';

/** Encodes one JSON-serialisable value as a frame. */
export function encodeFrame(value: unknown, maxFrameBytes: number): Buffer {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TandemError('E_BAD_MESSAGE', 'message is not JSON-serialisable');
  const length = Buffer.byteLength(json);
  if (length > maxFrameBytes) {
    throw new TandemError('E_TOO_LARGE', `message of ${length} bytes exceeds the ${maxFrameBytes}-byte frame limit`);
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.writeUInt32BE(length, 0);
  frame.write(json, FRAME_HEADER_BYTES, 'utf8');
  return frame;
}

export class FrameDecoder {
  readonly #maxFrameBytes: number;
  readonly #header = Buffer.alloc(FRAME_HEADER_BYTES);
  #headerFill = 0;
  /** Payload of the frame being assembled, allocated once its length is known. */
  #payload: Buffer | undefined;
  #payloadFill = 0;
  #failed = false;

  constructor(maxFrameBytes: number) {
    this.#maxFrameBytes = maxFrameBytes;
  }

  /** True while part of a frame has arrived and the rest has not. */
  get partial(): boolean {
    return this.#headerFill > 0 || this.#payload !== undefined;
  }

  /** Bytes currently held for the incomplete frame. */
  get bufferedBytes(): number {
    return this.#headerFill + this.#payloadFill;
  }

  /**
   * Feeds bytes; calls onFrame with each completed payload, in order. Throws TandemError
   * (E_BAD_FRAME or E_TOO_LARGE) on a bad header; after that the decoder refuses further input,
   * because the stream can no longer be re-synchronised.
   */
  push(chunk: Buffer, onFrame: (payload: Buffer) => void): void {
    if (this.#failed) throw new TandemError('E_BAD_FRAME', 'decoder already failed; the connection must be closed');
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#payload === undefined) {
        // Fast path: a whole header (and maybe a whole frame) in the chunk, nothing pending.
        if (this.#headerFill === 0 && chunk.length - offset >= FRAME_HEADER_BYTES) {
          const length = this.#checkLength(chunk.readUInt32BE(offset));
          offset += FRAME_HEADER_BYTES;
          if (chunk.length - offset >= length) {
            onFrame(chunk.subarray(offset, offset + length));
            offset += length;
            continue;
          }
          this.#startPayload(length);
          continue;
        }
        const take = Math.min(FRAME_HEADER_BYTES - this.#headerFill, chunk.length - offset);
        chunk.copy(this.#header, this.#headerFill, offset, offset + take);
        this.#headerFill += take;
        offset += take;
        if (this.#headerFill < FRAME_HEADER_BYTES) return;
        this.#headerFill = 0;
        this.#startPayload(this.#checkLength(this.#header.readUInt32BE(0)));
        continue;
      }
      const payload = this.#payload;
      const take = Math.min(payload.length - this.#payloadFill, chunk.length - offset);
      chunk.copy(payload, this.#payloadFill, offset, offset + take);
      this.#payloadFill += take;
      offset += take;
      if (this.#payloadFill === payload.length) {
        this.#payload = undefined;
        this.#payloadFill = 0;
        onFrame(payload);
      }
    }
  }

  #startPayload(length: number): void {
    this.#payload = Buffer.allocUnsafe(length);
    this.#payloadFill = 0;
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
