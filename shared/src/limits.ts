/**
 * Protocol limits. Every number that bounds what a peer may make us hold in memory or wait for
 * lives here, so a reviewer can see the whole attack surface in one place.
 */

/** Version of the wire protocol. Bumped on any incompatible change to frames or messages. */
export const PROTOCOL_VERSION = 1;

/** Bytes in a frame header: the payload length as an unsigned 32-bit big-endian integer. */
export const FRAME_HEADER_BYTES = 4;

export interface ConnectionLimits {
  /** Largest payload a frame may carry; a larger length field closes the connection. */
  readonly maxFrameBytes: number;
  /** Requests a connection may have in flight before the server stops reading from it. */
  readonly maxInFlight: number;
  /** How long a frame may stay incomplete (slowloris guard), in milliseconds. */
  readonly frameDeadlineMs: number;
  /** How long a new connection has to complete the handshake, in milliseconds. */
  readonly handshakeDeadlineMs: number;
  /** Bytes queued for a peer that does not read before the server stops reading its requests. */
  readonly writeHighWaterBytes: number;
  /** How long a peer may leave the write queue above the high-water mark before it is dropped. */
  readonly writeStallMs: number;
  /**
   * Bytes queued for a peer that does not read at which it is dropped at once. Reading stops at
   * the high-water mark, but answers already being computed and events pushed by the server
   * still arrive; this bounds them.
   */
  readonly maxWriteQueueBytes: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = Object.freeze({
  maxFrameBytes: 1024 * 1024,
  maxInFlight: 64,
  frameDeadlineMs: 10_000,
  handshakeDeadlineMs: 5_000,
  writeHighWaterBytes: 1024 * 1024,
  writeStallMs: 30_000,
  maxWriteQueueBytes: 16 * 1024 * 1024,
});

/** Connections one server endpoint (listener) accepts at once; more are told E_UNAVAILABLE and closed. */
export const DEFAULT_MAX_CONNECTIONS = 256;

/**
 * Requests the user connections of one endpoint (one session's) may make together: 100 at once,
 * then 50 a second; beyond, the server stops reading them until the rate allows. An agent makes
 * a few a minute; a script looping on its pipe would otherwise take the whole event loop.
 */
export const DEFAULT_USER_REQUEST_RATE = Object.freeze({ burst: 100, perSecond: 50 });

/**
 * New connections one user endpoint accepts: 20 at once, then 5 a second; beyond, they are
 * closed unanswered. An agent connects once and reconnects with a backoff; a loop of connects
 * cost the service a socket, a handshake and a failed write each.
 */
export const DEFAULT_USER_CONNECTION_RATE = Object.freeze({ burst: 20, perSecond: 5 });

/** Default deadline for a request's response, in milliseconds. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Resolves a partial set of limits against the defaults, rejecting nonsense with a clear message. */
export function resolveLimits(overrides: Partial<ConnectionLimits> = {}): ConnectionLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`Expected \`${name}\` to be a whole number from 1 and up, got \`${String(value)}\` (${typeof value})`);
    }
  }
  if (limits.maxWriteQueueBytes < limits.writeHighWaterBytes) {
    throw new RangeError(
      `Expected \`maxWriteQueueBytes\` to be at least \`writeHighWaterBytes\` (${limits.writeHighWaterBytes}), got \`${limits.maxWriteQueueBytes}\``,
    );
  }
  if (limits.maxFrameBytes > 0xffff_ffff) {
    throw new RangeError(`Expected \`maxFrameBytes\` to fit in a 32-bit length field, got \`${limits.maxFrameBytes}\``);
  }
  return Object.freeze(limits);
}
