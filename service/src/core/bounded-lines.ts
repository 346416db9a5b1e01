/**
 * Splits a byte stream into lines while holding at most `maxLineBytes` of any line, for output
 * the service does not control (an agent runs as its user, who can write anything to its
 * stdout). A line past the limit is cut there and marked, and the rest of it is read and
 * discarded, so no line can make the service buffer without bound (readline would, until V8's
 * string limit throws inside a stream handler).
 */
import type { Readable } from 'node:stream';

/** Longest agent output line kept, in bytes; the rest of a longer line is dropped. */
export const MAX_OUTPUT_LINE_BYTES = 8 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export class BoundedLineSplitter {
  readonly #maxLineBytes: number;
  readonly #onLine: (line: string) => void;
  readonly #parts: Buffer[] = [];
  #length = 0;
  /** Set once the current line was cut and reported: its remaining bytes are discarded. */
  #discarding = false;

  constructor(onLine: (line: string) => void, maxLineBytes = MAX_OUTPUT_LINE_BYTES) {
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
      throw new RangeError(`Expected \`maxLineBytes\` to be a whole number from 1 and up, got \`${String(maxLineBytes)}\``);
    }
    this.#maxLineBytes = maxLineBytes;
    this.#onLine = onLine;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      this.#take(chunk.subarray(start, end));
      if (newline === -1) return;
      this.#finishLine();
      start = newline + 1;
    }
  }

  /** The input ended: a last line without a newline is still a line. */
  end(): void {
    if (this.#length > 0) this.#finishLine();
    this.#discarding = false;
  }

  #take(bytes: Buffer): void {
    if (this.#discarding || bytes.length === 0) return;
    const room = this.#maxLineBytes - this.#length;
    if (bytes.length <= room) {
      this.#keep(bytes);
      return;
    }
    this.#keep(bytes.subarray(0, room));
    this.#emit(`${this.#text()} …[line truncated at ${this.#maxLineBytes} bytes]`);
    this.#discarding = true;
  }

  #keep(bytes: Buffer): void {
    // Copied: the chunk may be a slice of a much larger buffer we must not keep alive.
    this.#parts.push(Buffer.from(bytes));
    this.#length += bytes.length;
  }

  #finishLine(): void {
    if (!this.#discarding) this.#emit(this.#text());
    this.#discarding = false;
    this.#parts.length = 0;
    this.#length = 0;
  }

  #text(): string {
    let line = Buffer.concat(this.#parts, this.#length);
    if (line.at(-1) === CARRIAGE_RETURN) line = line.subarray(0, -1);
    this.#parts.length = 0;
    this.#length = 0;
    return line.toString('utf8');
  }

  #emit(line: string): void {
    this.#onLine(line);
  }
}

export interface OutputReadLimits {
  readonly maxLineBytes: number;
  /** Lines read at once before the throttle starts, and per second after that. */
  readonly burstLines: number;
  readonly linesPerSecond: number;
  /** Bytes read at once before the throttle starts, and per second after that. */
  readonly burstBytes: number;
  readonly bytesPerSecond: number;
}

/**
 * 8 KiB lines; 20,000 lines and 16 MiB at once, then 10,000 lines and 64 MiB a second. Lines
 * are what costs (each is copied, decoded and offered to the log's rate limit); bytes of a cut
 * line are only skipped. Both limits are far above what a healthy agent writes, and together
 * they keep a flood to a few percent of a core.
 */
export const AGENT_OUTPUT_READ_LIMITS: OutputReadLimits = Object.freeze({
  maxLineBytes: MAX_OUTPUT_LINE_BYTES,
  burstLines: 20_000,
  linesPerSecond: 10_000,
  burstBytes: 16 * 1024 * 1024,
  bytesPerSecond: 64 * 1024 * 1024,
});

/**
 * Reads `input` to its end as bounded lines, throttled by lines and by bytes after a burst.
 * Beyond that the stream is paused until the budget refills, so a writer flooding its pipe
 * blocks in its own write instead of making the service read, split and drop it all
 * (bench:resilience showed the flood costing the service more CPU than any other attack).
 * Lines over the log's rate limit are still dropped after this: this bounds the work, that
 * bounds the log. A timer exists only while the stream is paused.
 */
export function readBoundedLines(input: Readable, onLine: (line: string) => void, limits: Partial<OutputReadLimits> = {}): void {
  const { maxLineBytes, burstLines, linesPerSecond, burstBytes, bytesPerSecond } = { ...AGENT_OUTPUT_READ_LIMITS, ...limits };
  const splitter = new BoundedLineSplitter(onLine, maxLineBytes);
  let lines = burstLines;
  let bytes = burstBytes;
  let at = performance.now();
  input.on('data', (chunk: Buffer | string) => {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const now = performance.now();
    const seconds = (now - at) / 1000;
    at = now;
    lines = Math.min(burstLines, lines + seconds * linesPerSecond) - countNewlines(data);
    bytes = Math.min(burstBytes, bytes + seconds * bytesPerSecond) - data.length;
    splitter.push(data);
    if (lines >= 0 && bytes >= 0) return;
    input.pause();
    const waitMs = Math.max(-lines / linesPerSecond, -bytes / bytesPerSecond) * 1000;
    setTimeout(() => input.resume(), Math.ceil(waitMs));
  });
  input.once('end', () => splitter.end());
}

function countNewlines(data: Buffer): number {
  let count = 0;
  for (let at = data.indexOf(NEWLINE); at !== -1; at = data.indexOf(NEWLINE, at + 1)) count++;
  return count;
}
