/**
 * Frames over a byte stream, with the per-connection defences both ends share: a deadline for
 * an incomplete frame, write backpressure that stops reading from a peer that does not read,
 * and a way for the owner to stop reading (the server's in-flight cap).
 */
import type { Duplex } from 'node:stream';
import { TandemError, type WireError } from './errors.js';
import { encodeFrame, FrameDecoder } from './frame-codec.js';
import type { ConnectionLimits } from './limits.js';

export interface FramedConnectionEvents {
  /** A complete frame arrived. Throwing a TandemError closes the connection with it. */
  onFrame(payload: Buffer): void;
  /** The connection is gone; `error` says why when it was not a clean end. */
  onClose(error: TandemError | undefined): void;
}

export class FramedConnection {
  readonly #stream: Duplex;
  readonly #limits: ConnectionLimits;
  readonly #events: FramedConnectionEvents;
  readonly #decoder: FrameDecoder;
  #frameTimer: NodeJS.Timeout | undefined;
  #stallTimer: NodeJS.Timeout | undefined;
  /** Reasons reading is paused: the owner's holds plus one while the write queue is too long. */
  #holds = 0;
  #writeHeld = false;
  #corked = false;
  #closed = false;
  #closeError: TandemError | undefined;

  constructor(stream: Duplex, limits: ConnectionLimits, events: FramedConnectionEvents) {
    this.#stream = stream;
    this.#limits = limits;
    this.#events = events;
    this.#decoder = new FrameDecoder(limits.maxFrameBytes);
    stream.on('data', (chunk: Buffer) => this.#onData(chunk));
    stream.on('drain', () => this.#onDrain());
    stream.on('error', (error: Error) => {
      this.#closeError ??= new TandemError('E_CLOSED', `connection failed: ${error.message}`);
    });
    stream.on('end', () => {
      if (this.#decoder.partial) this.#closeError ??= new TandemError('E_BAD_FRAME', 'connection ended inside a frame');
      stream.end();
    });
    stream.on('close', () => this.#finish());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Sends one message. Returns false when the connection is already closed. */
  send(message: unknown): boolean {
    if (this.#closed || this.#stream.destroyed || !this.#stream.writable) return false;
    const frame = encodeFrame(message, this.#limits.maxFrameBytes);
    // Responses produced in the same tick leave in one write: fewer syscalls under load.
    if (!this.#corked) {
      this.#corked = true;
      this.#stream.cork();
      process.nextTick(() => {
        this.#corked = false;
        this.#stream.uncork();
      });
    }
    this.#stream.write(frame);
    if (this.#stream.writableLength > this.#limits.writeHighWaterBytes && !this.#writeHeld) {
      this.#writeHeld = true;
      this.hold();
      this.#stallTimer = setTimeout(() => {
        this.fail(new TandemError('E_TIMEOUT', `peer stopped reading for ${this.#limits.writeStallMs} ms`), false);
      }, this.#limits.writeStallMs);
    }
    return true;
  }

  /** Stops reading from the peer until release() is called as many times. */
  hold(): void {
    if (this.#holds++ === 0) this.#stream.pause();
  }

  release(): void {
    if (this.#holds > 0 && --this.#holds === 0 && !this.#closed) this.#stream.resume();
  }

  /** Ends the connection cleanly after queued writes. */
  end(): void {
    if (this.#closed) return;
    this.#stream.end();
    // A peer that never reads would keep the socket half-open; give it a bound.
    const timer = setTimeout(() => this.#stream.destroy(), 2_000);
    timer.unref();
  }

  /**
   * Closes the connection because of `error`. When `tell` is set the peer first receives the
   * error as a fatal message, so it learns why instead of seeing a bare disconnect.
   */
  fail(error: TandemError, tell = true): void {
    if (this.#closed) return;
    this.#closeError ??= error;
    if (tell) {
      const fatal: { type: 'error'; error: WireError } = { type: 'error', error: error.toWire() };
      this.send(fatal);
      this.end();
      this.hold();
    } else {
      this.#stream.destroy();
    }
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    let completed = 0;
    try {
      this.#decoder.push(chunk, (payload) => {
        completed++;
        this.#events.onFrame(payload);
      });
    } catch (error) {
      this.fail(error instanceof TandemError ? error : new TandemError('E_INTERNAL', 'frame handler failed'));
      return;
    }
    // The deadline runs from the first byte of a frame, so a peer dribbling a byte at a time
    // cannot extend it; a frame completing in this chunk starts the clock over.
    if (completed > 0 || !this.#decoder.partial) {
      clearTimeout(this.#frameTimer);
      this.#frameTimer = undefined;
    }
    if (this.#decoder.partial && this.#frameTimer === undefined && !this.#closed) {
      this.#frameTimer = setTimeout(() => {
        this.fail(new TandemError('E_TIMEOUT', `frame incomplete after ${this.#limits.frameDeadlineMs} ms`));
      }, this.#limits.frameDeadlineMs);
    }
  }

  #onDrain(): void {
    if (!this.#writeHeld) return;
    this.#writeHeld = false;
    clearTimeout(this.#stallTimer);
    this.#stallTimer = undefined;
    this.release();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#frameTimer);
    clearTimeout(this.#stallTimer);
    this.#events.onClose(this.#closeError);
  }
}
