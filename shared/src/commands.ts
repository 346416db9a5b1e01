/**
 * The command table: every command Tandem's service answers, declared once. The service's router
 * and every client's typed calls (agent, tandemctl) are derived from this object.
 */
import { z } from 'zod';
import { defineCommand } from './command-table.js';
import { ActionRunRecordSchema, ActionStartedSchema, TrayViewSchema } from './action-schema.js';
import { LogLevelSchema, TrayActionSchema } from './config-schema.js';
import { SimulateParamsSchema, SimulateResultSchema } from './simulate-schema.js';
import { ConfigViewSchema, SessionInfoSchema, StatusSchema } from './status-schema.js';

const NoParams = z.strictObject({}).default({});
const SessionId = z.number().int().nonnegative();
/** A dotted path into the configuration, e.g. `agents.stopTimeoutMs`. */
const ConfigKey = z.string().regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/, 'expected a dotted key such as agents.stopTimeoutMs');
export const NotificationLevelSchema = z.enum(['info', 'warning', 'error']);

export const commands = {
  status: defineCommand({
    role: 'user',
    summary: 'Version, uptime, platform, sessions and agents (a user sees only their own session).',
    params: NoParams,
    result: StatusSchema,
  }),
  'sessions.list': defineCommand({
    role: 'admin',
    summary: 'The interactive sessions the service tracks.',
    params: NoParams,
    result: z.object({ sessions: z.array(SessionInfoSchema) }),
  }),
  'agents.restart': defineCommand({
    role: 'admin',
    summary: 'Restart the agent of one session, or of every session; clears quit and crash-loop holds.',
    params: z.strictObject({ sessionId: SessionId.optional() }).default({}),
    result: z.object({ restarted: z.array(SessionId) }),
  }),
  'config.get': defineCommand({
    role: 'admin',
    summary: 'The configuration in force, where it came from and which keys policy enforces.',
    params: NoParams,
    result: ConfigViewSchema,
  }),
  'config.set': defineCommand({
    role: 'admin',
    summary: 'Set one configuration key; validated, saved atomically, applied live and audited.',
    params: z.strictObject({ key: ConfigKey, value: z.unknown() }),
    result: ConfigViewSchema,
  }),
  'config.reset': defineCommand({
    role: 'admin',
    summary: 'Reset one key, or the whole configuration, to its default.',
    params: z.strictObject({ key: ConfigKey.optional() }).default({}),
    result: ConfigViewSchema,
  }),
  'notify.broadcast': defineCommand({
    role: 'admin',
    summary: "Show a message in every session's tray (sessions without an agent get a fallback).",
    params: z.strictObject({
      title: z.string().min(1).max(128),
      body: z.string().max(2048).default(''),
      level: NotificationLevelSchema.default('info'),
    }),
    result: z.object({ delivered: z.array(SessionId), fallback: z.array(SessionId) }),
  }),
  'log.setLevel': defineCommand({
    role: 'admin',
    summary: "Change the service's log level at once (not persisted; use config.set logging.level for that).",
    params: z.strictObject({ level: LogLevelSchema }),
    result: z.object({ level: LogLevelSchema, previous: LogLevelSchema }),
  }),
  'diagnostics.collect': defineCommand({
    role: 'user',
    summary: 'Gather logs, configuration and status into an archive the caller can read.',
    params: NoParams,
    result: z.object({ path: z.string(), bytes: z.number().int().nonnegative(), files: z.array(z.string()) }),
  }),
  simulate: defineCommand({
    role: 'admin',
    summary: 'Drive the session simulator (tandem-service console --sessions N): logons, switches, sleep, shutdown, as Windows reports them. Refused with E_NOT_SUPPORTED by a service tracking real sessions.',
    params: SimulateParamsSchema,
    result: SimulateResultSchema,
  }),
  'agent.settings': defineCommand({
    role: 'user',
    summary: "The tray's settings, as the service's configuration gives them (of each action only what the tray shows).",
    params: NoParams,
    result: z.object({ tray: TrayViewSchema }),
  }),
  'agent.quit': defineCommand({
    role: 'user',
    summary: 'The user quit the tray: do not relaunch it in this session until the next logon or an explicit restart.',
    params: NoParams,
    result: z.object({ ok: z.literal(true) }),
  }),
  'agent.action': defineCommand({
    role: 'user',
    summary:
      "Run an action the administrator defined, in the caller's session; answers once it started, and action.started and action.finished events follow on the session's connections.",
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    result: ActionStartedSchema,
  }),
  'actions.list': defineCommand({
    role: 'admin',
    summary: 'The tray actions defined, in full, and the runs in progress.',
    params: NoParams,
    result: z.object({ actions: z.array(TrayActionSchema), running: z.array(ActionRunRecordSchema) }),
  }),
  'actions.run': defineCommand({
    role: 'admin',
    summary: 'Run an action in a session (default: the only session, else the active console session), as a user of that session would.',
    params: z.strictObject({ id: z.string().min(1).max(64), sessionId: SessionId.optional() }),
    result: ActionStartedSchema,
  }),
  'actions.history': defineCommand({
    role: 'admin',
    summary: 'The latest runs since the service started, newest first (the audit log keeps every one).',
    params: z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }),
    result: z.object({ runs: z.array(ActionRunRecordSchema) }),
  }),
} as const;

export type Commands = typeof commands;
