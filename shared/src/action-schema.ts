/**
 * Tray actions as they cross process boundaries: what a user's tray learns of an action (never
 * its program or arguments), the events that tell a session how a run went, and the run records
 * administrators list. Defined once here, for the service, the agent and tandemctl.
 */
import { z } from 'zod';
import { ActionIdSchema, RunAsSchema, TrayConfigSchema, type TrayConfig } from './config-schema.js';

/** The longest output summary a session is told; the service keeps more for administrators. */
export const ACTION_SUMMARY_MAX_CHARS = 500;
/** The longest output an administrator's run record holds. */
export const ACTION_OUTPUT_MAX_CHARS = 4_096;

/**
 * How a run ended. `failed`: it exited with another code than 0, was ended by a signal, or could
 * not start; `refused`: the service did not run it (cooldown, already running, the program not
 * allowed); `cancelled`: the service stopped while it ran and ended it.
 */
export const ACTION_OUTCOMES = ['succeeded', 'failed', 'timed-out', 'refused', 'cancelled'] as const;
export const ActionOutcomeSchema = z.enum(ACTION_OUTCOMES);
export type ActionOutcome = z.infer<typeof ActionOutcomeSchema>;

/** What the tray shows of an action: the rest of its definition stays in the service. */
export const TrayActionViewSchema = z.object({
  id: ActionIdSchema,
  label: z.string().min(1).max(64),
  description: z.string().max(200),
  confirmation: z.string().max(200).nullable(),
});
export type TrayActionView = z.infer<typeof TrayActionViewSchema>;

/** The tray settings a user's connection receives: the configuration's tray with actions as views. */
export const TrayViewSchema = TrayConfigSchema.extend({ actions: z.array(TrayActionViewSchema).max(10) });
export type TrayView = z.infer<typeof TrayViewSchema>;

/** The tray settings for a user: every action reduced to what the tray shows, field by field. */
export function trayView(tray: TrayConfig): TrayView {
  return { ...tray, actions: tray.actions.map(({ id, label, description, confirmation }) => ({ id, label, description, confirmation })) };
}

/** What names a run in every message about it. */
const RUN_FIELDS = {
  runId: z.string().min(1).max(64),
  actionId: ActionIdSchema,
  label: z.string().max(64),
  sessionId: z.number().int().nonnegative(),
};

/** A run began: told to the session it runs for, and to administrators. */
export const ActionStartedSchema = z.object({
  ...RUN_FIELDS,
  /** Who asked: the session's user, or an administrator (tandemctl actions run). */
  by: z.enum(['user', 'admin']),
  startedAt: z.string(),
});
export type ActionStarted = z.infer<typeof ActionStartedSchema>;

/** A run ended, or a request was refused. */
export const ActionFinishedSchema = z.object({
  ...RUN_FIELDS,
  outcome: ActionOutcomeSchema,
  /** The exit code, when the program exited by itself. */
  exitCode: z.number().int().nullable(),
  /** Why it was refused, did not start or was cancelled; words for the user, never the program's path. */
  reason: z.string().max(500).nullable(),
  /** The end of what the program wrote, cleaned of control characters. */
  summary: z.string().max(ACTION_SUMMARY_MAX_CHARS),
  /** Everything the program wrote, in bytes, kept or not. */
  outputBytes: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  finishedAt: z.string(),
});
export type ActionFinished = z.infer<typeof ActionFinishedSchema>;

/** Who asked for a run, as the platform authenticated them (audit-log.ts has the same shape). */
export const ActionRequesterSchema = z.object({
  account: z.object({ id: z.string(), name: z.string() }).nullable(),
  endpoint: z.string(),
  role: z.enum(['user', 'admin']),
  pid: z.number().int().nullable(),
  /** What the client called itself: a claim, for context only. */
  client: z.string(),
});
export type ActionRequester = z.infer<typeof ActionRequesterSchema>;

/** One run as administrators list it (tandemctl actions history): the whole story, details included. */
export const ActionRunRecordSchema = z.object({
  ...RUN_FIELDS,
  runAs: RunAsSchema,
  requester: ActionRequesterSchema,
  startedAt: z.string(),
  /** Null while it runs. */
  outcome: ActionOutcomeSchema.nullable(),
  exitCode: z.number().int().nullable(),
  /** For administrators: the program's path and the platform's own words are allowed here. */
  reason: z.string().max(2_000).nullable(),
  output: z.string().max(ACTION_OUTPUT_MAX_CHARS),
  outputBytes: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative().nullable(),
  finishedAt: z.string().nullable(),
});
export type ActionRunRecord = z.infer<typeof ActionRunRecordSchema>;
