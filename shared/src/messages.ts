/**
 * The envelope every frame carries, validated at the edge. Handlers never see an envelope: the
 * RPC server unwraps it and validates the params against the command table first.
 */
import { z } from 'zod';
import { isErrorCode, TandemError, type WireError } from './errors.js';
import { PROTOCOL_VERSION } from './limits.js';

export const ROLES = ['user', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** True when a connection holding `held` may run a command that needs `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  return held === 'admin' || needed === 'user';
}

const WireErrorSchema = z.object({
  code: z.string().refine(isErrorCode, { message: 'unknown error code' }),
  message: z.string().max(4096),
}) as unknown as z.ZodType<WireError>;

const Id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** Longest command or event name. */
const MAX_NAME_LENGTH = 128;
const Name = z.string().min(1).max(MAX_NAME_LENGTH);

/** The longest product or client name a hello may carry. */
export const HELLO_NAME_MAX = 64;

export const HelloSchema = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  role: RoleSchema,
  product: z.string().max(HELLO_NAME_MAX),
  client: z.string().max(HELLO_NAME_MAX).optional(),
});
export type Hello = z.infer<typeof HelloSchema>;

export const WelcomeSchema = z.object({
  type: z.literal('welcome'),
  protocol: z.number().int(),
  product: z.string().max(64),
  role: RoleSchema,
  /** The session the connection is bound to, or null for the admin endpoint. */
  sessionId: z.number().int().nullable(),
});
export type Welcome = z.infer<typeof WelcomeSchema>;

// Params, results and event data may be absent from the envelope (JSON drops an undefined
// value's key): whether that is acceptable is for the command's or event's own schema to say.
export const RequestSchema = z.object({
  type: z.literal('request'),
  id: Id,
  command: Name,
  params: z.unknown().optional(),
});
export type Request = z.infer<typeof RequestSchema>;

export const ResponseSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: Id, ok: z.literal(true), result: z.unknown().optional() }),
  z.object({ type: z.literal('response'), id: Id, ok: z.literal(false), error: WireErrorSchema }),
]);
export type Response = z.infer<typeof ResponseSchema>;

export const EventSchema = z.object({ type: z.literal('event'), event: Name, data: z.unknown().optional() });
export type EventMessage = z.infer<typeof EventSchema>;

/** A connection-level error; the sender closes the connection after it. */
export const FatalSchema = z.object({ type: z.literal('error'), error: WireErrorSchema });
export type Fatal = z.infer<typeof FatalSchema>;

/** What a server may receive. */
export const ClientMessageSchema = z.discriminatedUnion('type', [HelloSchema, RequestSchema]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** What a client may receive. */
export const ServerMessageSchema = z.discriminatedUnion('type', [WelcomeSchema, ResponseSchema, EventSchema, FatalSchema]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** Parses a frame's payload as JSON and validates it, or throws E_BAD_MESSAGE saying why. */
export function decodeMessage<T>(payload: Buffer, schema: z.ZodType<T>): T {
  return validateMessage(parseJson(payload), schema);
}

/*
 * Every call crosses two envelopes, a request and a successful response. Both are recognised
 * first by a hand-written check that accepts exactly what their schema accepts (a property test
 * holds the two together), because the schema costs several times more on the hottest path.
 * Whatever the check does not accept goes through the schema, which accepts it or names the
 * problem. Params and results are always validated by their command's schema.
 */

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** True when `value` is a request exactly as RequestSchema would accept it. */
export function isRequestEnvelope(value: unknown): value is Request {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { type, id, command } = value as Record<string, unknown>;
  return type === 'request' && isId(id) && typeof command === 'string' && command.length >= 1 && command.length <= MAX_NAME_LENGTH;
}

/** True when `value` is a successful response exactly as ResponseSchema would accept it. */
export function isSuccessEnvelope(value: unknown): value is Response & { ok: true } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { type, id, ok } = value as Record<string, unknown>;
  return type === 'response' && ok === true && isId(id);
}

/** Decodes what a client sent: a hello or a request. */
export function decodeClientMessage(payload: Buffer): ClientMessage {
  const value = parseJson(payload);
  return isRequestEnvelope(value) ? value : validateMessage(value, ClientMessageSchema);
}

/** Decodes what a server sent: a welcome, a response, an event or a fatal error. */
export function decodeServerMessage(payload: Buffer): ServerMessage {
  const value = parseJson(payload);
  return isSuccessEnvelope(value) ? value : validateMessage(value, ServerMessageSchema);
}

/**
 * Parses the first message a server receives, which must be a hello. The protocol version is
 * checked before the rest of the shape, so a client of another version learns that (as
 * E_UNSUPPORTED_VERSION), whatever else its hello changed.
 */
export function decodeHello(payload: Buffer): Hello {
  const value = parseJson(payload);
  if (typeof value === 'object' && value !== null && 'type' in value && value.type === 'hello' && 'protocol' in value) {
    const protocol = value.protocol;
    if (typeof protocol === 'number' && protocol !== PROTOCOL_VERSION) {
      throw new TandemError('E_UNSUPPORTED_VERSION', `protocol ${protocol} is not supported; this service speaks ${PROTOCOL_VERSION}`);
    }
  }
  const message = validateMessage(value, ClientMessageSchema);
  if (message.type !== 'hello') throw new TandemError('E_HANDSHAKE', 'the first message must be a hello');
  return message;
}

function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    throw new TandemError('E_BAD_MESSAGE', 'frame payload is not valid JSON');
  }
}

function validateMessage<T>(value: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new TandemError('E_BAD_MESSAGE', `malformed message: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

/** One line naming each problem and where it is, e.g. `params.key: expected string`. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
