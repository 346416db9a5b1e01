/**
 * A token bucket for log lines someone else can cause (an agent's output, clients connecting):
 * a burst is let through, then lines and bytes per second; what is over the limit is dropped
 * and counted, and the count is reported with the next line let through. No timer: an idle
 * limiter costs nothing.
 */
import type { Clock } from './clock.js';

export interface LogRateLimits {
  /** Lines that may come at once, and per second after that. */
  readonly burstLines: number;
  readonly linesPerSecond: number;
  /** Bytes that may come at once, and per second after that. */
  readonly burstBytes: number;
  readonly bytesPerSecond: number;
}

/** An agent's output: 200 lines or 256 KiB at once, then 20 lines and 32 KiB a second. */
export const AGENT_OUTPUT_LIMITS: LogRateLimits = Object.freeze({ burstLines: 200, linesPerSecond: 20, burstBytes: 256 * 1024, bytesPerSecond: 32 * 1024 });

/** Connection lines of one session: 20 at once, then one a second. */
export const CONNECTION_LOG_LIMITS: LogRateLimits = Object.freeze({ burstLines: 20, linesPerSecond: 1, burstBytes: Number.MAX_SAFE_INTEGER, bytesPerSecond: Number.MAX_SAFE_INTEGER });

/** The protocol's lines of one endpoint (refused connections, failed commands): 50 at once, then 5 a second. */
export const PROTOCOL_LOG_LIMITS: LogRateLimits = Object.freeze({ burstLines: 50, linesPerSecond: 5, burstBytes: Number.MAX_SAFE_INTEGER, bytesPerSecond: Number.MAX_SAFE_INTEGER });

export interface Dropped {
  readonly lines: number;
  readonly bytes: number;
}

export class LogRateLimit {
  readonly #clock: Clock;
  readonly #limits: LogRateLimits;
  #lines: number;
  #bytes: number;
  #at: number;
  #droppedLines = 0;
  #droppedBytes = 0;

  constructor(clock: Clock, limits: LogRateLimits) {
    this.#clock = clock;
    this.#limits = limits;
    this.#lines = limits.burstLines;
    this.#bytes = limits.burstBytes;
    this.#at = clock.now();
  }

  /** Whether a line of `bytes` may be logged now; a refused one is counted as dropped. */
  admit(bytes = 0): boolean {
    this.#refill();
    if (this.#lines >= 1 && this.#bytes >= bytes) {
      this.#lines -= 1;
      this.#bytes -= bytes;
      return true;
    }
    this.#droppedLines++;
    this.#droppedBytes += bytes;
    return false;
  }

  /** What was dropped since the last call, if anything; the count starts over. */
  takeDropped(): Dropped | undefined {
    if (this.#droppedLines === 0) return undefined;
    const dropped = { lines: this.#droppedLines, bytes: this.#droppedBytes };
    this.#droppedLines = 0;
    this.#droppedBytes = 0;
    return dropped;
  }

  #refill(): void {
    const now = this.#clock.now();
    const seconds = Math.max(0, now - this.#at) / 1000;
    this.#at = now;
    const { burstLines, linesPerSecond, burstBytes, bytesPerSecond } = this.#limits;
    this.#lines = Math.min(burstLines, this.#lines + seconds * linesPerSecond);
    this.#bytes = Math.min(burstBytes, this.#bytes + seconds * bytesPerSecond);
  }
}

/**
 * One LogRateLimit per key (a session, an endpoint), made on first use. Where keys come and go
 * without being deleted, `maxKeys` bounds them: once that many are held, all are forgotten
 * rather than grow without bound.
 */
export class KeyedLogRateLimits<K> {
  readonly #clock: Clock;
  readonly #limits: LogRateLimits;
  readonly #maxKeys: number;
  readonly #byKey = new Map<K, LogRateLimit>();

  constructor(clock: Clock, limits: LogRateLimits, maxKeys = Number.POSITIVE_INFINITY) {
    this.#clock = clock;
    this.#limits = limits;
    this.#maxKeys = maxKeys;
  }

  get(key: K): LogRateLimit {
    let limit = this.#byKey.get(key);
    if (limit === undefined) {
      if (this.#byKey.size >= this.#maxKeys) this.#byKey.clear();
      limit = new LogRateLimit(this.#clock, this.#limits);
      this.#byKey.set(key, limit);
    }
    return limit;
  }

  delete(key: K): void {
    this.#byKey.delete(key);
  }
}
