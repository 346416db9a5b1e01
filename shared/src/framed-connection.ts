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

export interface FramedConnectionOptions {
  /**
   * What to do when our writes queue up because the peer does not read them.
   * - `throttle` (the server's choice, the default): above `writeHighWaterBytes` stop reading
   *   the peer, whose requests are what fills the queue; drop it when the queue stays there for
   *   `writeStallMs` or grows past `maxWriteQueueBytes` (events still pushed to it).
   * - `keep-reading` (the client's choice): keep reading, because what a client reads are the
   *   answers to what it wrote; pausing them could leave both ends waiting for each other.
   */
  readonly onWriteBackpressure?: 'throttle' | 'keep-reading';
}

/** Bytes of corked frames after which they are written without waiting for the tick to end. */
const CORK_FLUSH_BYTES = 16 * 1024;

/** How long a connection we ended may stay half-open before it is destroyed. */
const END_GRACE_MS = 2_000;

export class FramedConnection {
  readonly #stream: Duplex;
  readonly #limits: ConnectionLimits;
  readonly #events: FramedConnectionEvents;
  readonly #decoder: FrameDecoder;
  readonly #throttle: boolean;
  /** Armed at the first byte of a frame; left to fire harmlessly once the frame completed. */
  #frameTimer: NodeJS.Timeout | undefined;
  #stallTimer: NodeJS.Timeout | undefined;
  /** Reasons reading is paused: the owner's holds plus one while the write queue is too long. */
  #holds = 0;
  #writeHeld = false;
  /** Input received but not decoded because a hold came in the middle of a chunk. */
  #backlog: Buffer | undefined;
  /** Whether a frame completed in the chunk being decoded. */
  #completed = false;
  #sentThisTick = false;
  /** Set while a chunk of input is decoded, with the frames sent meanwhile. */
  #decoding = false;
  #sentWhileDecoding = 0;
  #corked = false;
  #corkedBytes = 0;
  #ending = false;
  /** Set once the connection is being torn down: no further input is decoded. */
  #failed = false;
  #closed = false;
  #closeError: TandemError | undefined;

  constructor(stream: Duplex, limits: ConnectionLimits, events: FramedConnectionEvents, options: FramedConnectionOptions = {}) {
    this.#stream = stream;
    this.#limits = limits;
    this.#events = events;
    this.#decoder = new FrameDecoder(limits.maxFrameBytes);
    this.#throttle = (options.onWriteBackpressure ?? 'throttle') === 'throttle';
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

  /**
   * Sends one message. Returns false when the connection is already closed. Throws a
   * TandemError (E_TOO_LARGE, E_BAD_MESSAGE) when the message cannot be framed.
   */
  send(message: unknown): boolean {
    if (this.#closed || this.#stream.destroyed || !this.#stream.writable) return false;
    const frame = encodeFrame(message, this.#limits.maxFrameBytes);
    // A lone frame leaves at once. Frames that follow it are corked into one write: those sent
    // while a chunk of input is decoded (a server's answers to a batch of requests) until the
    // chunk is done, others until the tick ends. Corked frames are also flushed every few
    // kilobytes, so the peer can start on the first ones while we produce the rest.
    if (this.#decoding) {
      if (this.#sentWhileDecoding++ > 0) this.#cork();
    } else if (!this.#sentThisTick) {
      this.#sentThisTick = true;
      process.nextTick(this.#endTick);
    } else {
      this.#cork();
    }
    this.#stream.write(frame);
    if (this.#corked) {
      this.#corkedBytes += frame.length;
      if (this.#corkedBytes >= CORK_FLUSH_BYTES) this.#uncork();
    }
    if (this.#throttle) this.#checkWriteQueue();
    return true;
  }

  /** Stops reading from the peer until release() is called as many times. */
  hold(): void {
    if (this.#holds++ > 0) return;
    this.#stream.pause();
    // A frame cannot complete while we do not read: its deadline is not the peer's fault.
    clearTimeout(this.#frameTimer);
    this.#frameTimer = undefined;
  }

  release(): void {
    if (this.#holds === 0 || --this.#holds > 0 || this.#failed) return;
    const backlog = this.#backlog;
    this.#backlog = undefined;
    if (backlog !== undefined) {
      this.#decode(backlog);
      if (this.#holds > 0 || this.#failed) return;
    }
    this.#stream.resume();
    if (this.#decoder.partial) this.#armFrameDeadline();
  }

  /** Ends the connection cleanly after queued writes. */
  end(): void {
    if (this.#closed || this.#ending) return;
    this.#ending = true;
    this.#stream.end();
    // A peer that never reads would keep the socket half-open; give it a bound.
    setTimeout(() => this.#stream.destroy(), END_GRACE_MS).unref();
  }

  /**
   * Closes the connection because of `error`. When `tell` is set the peer first receives the
   * error as a fatal message, so it learns why instead of seeing a bare disconnect.
   */
  fail(error: TandemError, tell = true): void {
    if (this.#closed || this.#failed) return;
    this.#failed = true;
    this.#closeError ??= error;
    this.#backlog = undefined;
    if (tell) {
      const fatal: { type: 'error'; error: WireError } = { type: 'error', error: error.toWire() };
      this.send(fatal);
      this.end();
      // Input is discarded from now on, but still read: the peer's end is what lets the
      // connection close at once instead of after the grace period.
      if (this.#holds > 0) this.#stream.resume();
    } else {
      this.#stream.destroy();
    }
  }

  #onData(chunk: Buffer): void {
    if (this.#failed || this.#closed) return;
    // Normally nothing arrives while held (the stream is paused); keep it in order if it does.
    if (this.#holds > 0) {
      this.#backlog = this.#backlog === undefined ? chunk : Buffer.concat([this.#backlog, chunk]);
      return;
    }
    this.#decode(chunk);
  }

  /** Decodes `chunk`, stopping after the frame during which a hold came; the rest waits. */
  #decode(chunk: Buffer): void {
    const wasPartial = this.#decoder.partial;
    this.#completed = false;
    let consumed: number;
    this.#decoding = true;
    this.#sentWhileDecoding = 0;
    try {
      consumed = this.#decoder.push(chunk, this.#deliver);
    } catch (error) {
      this.fail(error instanceof TandemError ? error : new TandemError('E_INTERNAL', 'frame handler failed'));
      return;
    } finally {
      this.#decoding = false;
      this.#uncork();
    }
    if (this.#failed) return;
    if (consumed < chunk.length) this.#backlog = chunk.subarray(consumed);
    // The deadline runs from the first byte of a frame, so a peer dribbling a byte at a time
    // cannot extend it; a frame started in this chunk starts the clock over.
    if (this.#decoder.partial && (this.#completed || !wasPartial)) this.#armFrameDeadline();
  }

  /** Hands one frame to the owner; tells the decoder to stop when the owner put a hold. */
  readonly #deliver = (payload: Buffer): boolean => {
    this.#completed = true;
    this.#events.onFrame(payload);
    return this.#holds === 0 && !this.#failed;
  };

  #armFrameDeadline(): void {
    if (this.#holds > 0) return;
    if (this.#frameTimer !== undefined) {
      this.#frameTimer.refresh();
      return;
    }
    this.#frameTimer = setTimeout(() => {
      // Fired after its frame completed (the timer is left armed then, to save re-arming it
      // for every frame of a busy connection): nothing to do.
      if (!this.#decoder.partial || this.#holds > 0) return;
      this.fail(new TandemError('E_TIMEOUT', `frame incomplete after ${this.#limits.frameDeadlineMs} ms`));
    }, this.#limits.frameDeadlineMs);
    this.#frameTimer.unref();
  }

  #checkWriteQueue(): void {
    const queued = this.#stream.writableLength;
    if (queued > this.#limits.maxWriteQueueBytes) {
      this.fail(new TandemError('E_BUSY', `peer does not read: ${queued} bytes queued for it`), false);
      return;
    }
    if (queued <= this.#limits.writeHighWaterBytes || this.#writeHeld) return;
    this.#writeHeld = true;
    this.hold();
    this.#stallTimer = setTimeout(() => {
      this.fail(new TandemError('E_TIMEOUT', `peer stopped reading for ${this.#limits.writeStallMs} ms`), false);
    }, this.#limits.writeStallMs);
  }

  readonly #endTick = (): void => {
    this.#sentThisTick = false;
    this.#uncork();
  };

  #cork(): void {
    if (this.#corked) return;
    this.#corked = true;
    this.#stream.cork();
  }

  /** Ends the current cork; each cork() is matched by exactly one uncork(). */
  #uncork(): void {
    if (!this.#corked) return;
    this.#corked = false;
    this.#corkedBytes = 0;
    this.#stream.uncork();
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
    this.#backlog = undefined;
    clearTimeout(this.#frameTimer);
    clearTimeout(this.#stallTimer);
    this.#events.onClose(this.#closeError);
  }
}
