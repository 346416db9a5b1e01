/**
 * A program's output as an action run keeps it: stdout and stderr interleaved as they arrive, the
 * first `limitBytes` kept and the rest counted. Reading goes on past the bound, so a verbose
 * program finishes, but at most `drainBytesPerSecond` of it: a program that floods its output
 * then blocks on its own full pipe instead of keeping the service busy, and ends at its time
 * limit. The owner disposes the capture when the run ends (it may hold a timer).
 */
import type { Readable } from 'node:stream';

/** How fast output past the bound is read and dropped. */
export const DRAIN_BYTES_PER_SECOND = 1024 * 1024;

export class OutputCapture {
  readonly #limitBytes: number;
  readonly #drainBytesPerSecond: number;
  readonly #kept: Buffer[] = [];
  readonly #streams: Readable[] = [];
  #keptBytes = 0;
  #totalBytes = 0;
  /** Bytes past the bound that may still be read before reading pauses (a token bucket). */
  #allowance: number;
  #allowanceAt = performance.now();
  #resume: NodeJS.Timeout | undefined;

  constructor(limitBytes: number, drainBytesPerSecond = DRAIN_BYTES_PER_SECOND) {
    if (!Number.isSafeInteger(limitBytes) || limitBytes < 0) throw new RangeError(`Expected \`limitBytes\` to be a whole number from 0 and up, got \`${String(limitBytes)}\``);
    if (!(drainBytesPerSecond > 0)) throw new RangeError(`Expected \`drainBytesPerSecond\` to be above 0, got \`${String(drainBytesPerSecond)}\``);
    this.#limitBytes = limitBytes;
    this.#drainBytesPerSecond = drainBytesPerSecond;
    this.#allowance = drainBytesPerSecond;
  }

  /** Every byte written so far, kept or not. */
  get totalBytes(): number {
    return this.#totalBytes;
  }

  /** The kept output, decoded as UTF-8 (a character cut at the bound reads as U+FFFD). */
  text(): string {
    return Buffer.concat(this.#kept).toString('utf8');
  }

  read(stream: Readable): void {
    this.#streams.push(stream);
    stream.on('data', (chunk: Buffer) => this.#take(chunk));
  }

  dispose(): void {
    clearTimeout(this.#resume);
    this.#resume = undefined;
  }

  #take(chunk: Buffer): void {
    this.#totalBytes += chunk.length;
    const room = this.#limitBytes - this.#keptBytes;
    if (room > 0) {
      const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.#kept.push(kept);
      this.#keptBytes += kept.length;
      if (kept.length === chunk.length) return;
    }
    this.#drain(chunk.length - Math.max(0, room));
  }

  #drain(bytes: number): void {
    const now = performance.now();
    this.#allowance = Math.min(this.#drainBytesPerSecond, this.#allowance + ((now - this.#allowanceAt) / 1000) * this.#drainBytesPerSecond);
    this.#allowanceAt = now;
    this.#allowance -= bytes;
    if (this.#allowance >= 0 || this.#resume !== undefined) return;
    for (const stream of this.#streams) stream.pause();
    const waitMs = Math.ceil((-this.#allowance / this.#drainBytesPerSecond) * 1000);
    this.#resume = setTimeout(() => {
      this.#resume = undefined;
      for (const stream of this.#streams) stream.resume();
    }, waitMs);
  }
}
