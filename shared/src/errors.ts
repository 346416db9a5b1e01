/**
 * Errors that cross a process boundary travel as a stable code plus a human message. Codes are
 * part of the protocol: never rename one; add new ones at the end.
 */

export const ERROR_CODES = [
  'E_BAD_FRAME',
  'E_TOO_LARGE',
  'E_BAD_MESSAGE',
  'E_UNSUPPORTED_VERSION',
  'E_HANDSHAKE',
  'E_UNKNOWN_COMMAND',
  'E_INVALID_PARAMS',
  'E_FORBIDDEN',
  'E_TIMEOUT',
  'E_UNAVAILABLE',
  'E_BUSY',
  'E_CLOSED',
  'E_NOT_FOUND',
  'E_CONFLICT',
  'E_INTERNAL',
  /** The command exists, but this service cannot do it (simulate on a service that is not the simulator). */
  'E_NOT_SUPPORTED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODE_SET.has(value);
}

/** The JSON shape of an error on the wire. */
export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** An error with a stable code. Anything thrown across the protocol becomes one of these. */
export class TandemError extends Error {
  override readonly name = 'TandemError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }

  static fromWire(wire: WireError): TandemError {
    return new TandemError(wire.code, wire.message);
  }
}

export function isTandemError(error: unknown, code?: ErrorCode): error is TandemError {
  return error instanceof TandemError && (code === undefined || error.code === code);
}

/**
 * Turns anything thrown into a wire error. Unexpected errors become E_INTERNAL with a generic
 * message: their text may hold paths or secrets that a less privileged peer must not see.
 */
export function toWireError(error: unknown): WireError {
  if (error instanceof TandemError) return error.toWire();
  return { code: 'E_INTERNAL', message: 'internal error in the service; see its log' };
}

export function describeError(error: unknown): string {
  if (error instanceof TandemError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
