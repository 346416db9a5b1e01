/**
 * The envelope every frame carries, validated at the edge. Handlers never see an envelope: the
 * RPC server unwraps it and validates the params against the command table first.
 */
import { z } from 'zod';
import { isErrorCode, TandemError, type WireError } from './errors.js';

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
const Name = z.string().min(1).max(128);

export const HelloSchema = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  role: RoleSchema,
  product: z.string().max(64),
  client: z.string().max(64).optional(),
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

export const RequestSchema = z.object({
  type: z.literal('request'),
  id: Id,
  command: Name,
  params: z.unknown(),
});
export type Request = z.infer<typeof RequestSchema>;

export const ResponseSchema = z.union([
  z.object({ type: z.literal('response'), id: Id, ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: Id, ok: z.literal(false), error: WireErrorSchema }),
]);
export type Response = z.infer<typeof ResponseSchema>;

export const EventSchema = z.object({ type: z.literal('event'), event: Name, data: z.unknown() });
export type EventMessage = z.infer<typeof EventSchema>;

/** A connection-level error; the sender closes the connection after it. */
export const FatalSchema = z.object({ type: z.literal('error'), error: WireErrorSchema });
export type Fatal = z.infer<typeof FatalSchema>;

/** What a server may receive. */
export const ClientMessageSchema = z.discriminatedUnion('type', [HelloSchema, RequestSchema]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** What a client may receive. */
export const ServerMessageSchema = z.union([WelcomeSchema, ResponseSchema, EventSchema, FatalSchema]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** Parses a frame's payload as JSON and validates it, or throws E_BAD_MESSAGE saying why. */
export function decodeMessage<T>(payload: Buffer, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new TandemError('E_BAD_MESSAGE', 'frame payload is not valid JSON');
  }
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
