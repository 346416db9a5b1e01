/**
 * The `simulate` command's scenarios: what an administrator can make the session simulator do
 * (`tandem-service console --sessions N`). Each action stands for something a person or Windows
 * does; the simulator turns it into the notifications Windows sends a service for it.
 */
import { z } from 'zod';

const SessionId = z.number().int().positive();
const UserName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected a user name of letters, digits, dot, dash or underscore');

export const SimulateParamsSchema = z.discriminatedUnion('action', [
  /** A user logs on in a new session: at the console (switching users if it is taken) or over Remote Desktop. */
  z.strictObject({
    action: z.literal('logon'),
    user: UserName,
    remote: z.boolean().default(false),
    /** The user's token becomes available this long after the logon is announced (a slow profile load). */
    tokenDelayMs: z.number().int().min(0).max(600_000).default(0),
  }),
  /** The user signs out. `busy`: the tray keeps the logoff waiting instead of ending first. */
  z.strictObject({ action: z.literal('logoff'), sessionId: SessionId, busy: z.boolean().default(false) }),
  z.strictObject({ action: z.literal('lock'), sessionId: SessionId }),
  z.strictObject({ action: z.literal('unlock'), sessionId: SessionId }),
  /** The session's client goes away (RDP client closed, or the console taken by another session). */
  z.strictObject({ action: z.literal('disconnect'), sessionId: SessionId }),
  /** A disconnected session is reconnected: over Remote Desktop (from any client) or at the console. */
  z.strictObject({ action: z.literal('connect'), sessionId: SessionId, remote: z.boolean().default(true) }),
  /** Fast user switching: the console moves to another user's existing session. */
  z.strictObject({ action: z.literal('switch'), sessionId: SessionId }),
  /** Sleep or hibernation. `endSessions`: sessions that end while the service is not told (they are gone at resume). */
  z.strictObject({ action: z.literal('suspend'), endSessions: z.array(SessionId).max(64).default([]) }),
  z.strictObject({ action: z.literal('resume') }),
  /**
   * Shut down: users are logged off, then the service gets PRESHUTDOWN (after `updateHoldMs`, an
   * update holding the shutdown) and stops. `fastStartup`: Windows 10/11 "shut down", which
   * hibernates session 0 instead: the service is suspended, not stopped, and resumes at power-on.
   */
  z.strictObject({
    action: z.literal('shutdown'),
    fastStartup: z.boolean().default(false),
    updateHoldMs: z.number().int().min(0).max(600_000).default(0),
  }),
]);
export type SimulateParams = z.output<typeof SimulateParamsSchema>;
/** What a caller writes (defaults may be left out). */
export type SimulateInput = z.input<typeof SimulateParamsSchema>;
export type SimulateAction = SimulateParams['action'];
export const SIMULATE_ACTIONS = SimulateParamsSchema.options.map((option) => option.shape.action.value);

export const SimulateResultSchema = z.object({
  /** What the service is told, in order: `WTS_SESSION_LOCK 1`, `PBT_APMSUSPEND`, `SERVICE_CONTROL_PRESHUTDOWN`, … */
  sequence: z.array(z.string()),
  /** The session the scenario created (logon), else null. */
  sessionId: SessionId.nullable(),
});
export type SimulateResult = z.infer<typeof SimulateResultSchema>;
