/**
 * The service's configuration: one typed schema with defaults. It crosses process boundaries
 * (config.get, the tray's menu), so it is defined here once.
 */
import { z } from 'zod';
import { secret, secretKeys } from './config-secrets.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export const LogLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof LogLevelSchema>;

const Label = z.string().min(1).max(64);
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM');

export const EligibilitySchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('all') }),
  z.strictObject({ mode: z.literal('none') }),
  z.strictObject({ mode: z.literal('group'), group: z.string().min(1).max(256) }),
]);
export type Eligibility = z.infer<typeof EligibilitySchema>;

export const TrayLinkSchema = z.strictObject({
  label: Label,
  url: z.string().url().max(2048).refine((u) => /^(https?|mailto):/i.test(u), 'only http, https and mailto links'),
});

/** An action's id: what a user's request names, and nothing else. */
export const ActionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'expected an id of lower-case letters, digits, ".", "_" or "-", starting with a letter or digit, at most 64 characters');
export const RUN_AS = ['system', 'user'] as const;
export const RunAsSchema = z.enum(RUN_AS);
export type RunAs = z.infer<typeof RunAsSchema>;

/**
 * `C:\…` (or `C:/…`) or `/…`, without `.` or `..` steps: the service's platform then checks the
 * path means a program it may run (ActionRunner.checkProgram). A UNC path (`\\server\share`)
 * is refused: a program on another machine is only as safe as that machine.
 */
function isAbsoluteProgramPath(path: string): boolean {
  if (!/^([A-Za-z]:[\\/]|\/(?![\\/]))/.test(path) || path.includes('\0')) return false;
  return !path.split(/[\\/]/).some((step) => step === '.' || step === '..');
}

/**
 * An administrator-defined action. The tray learns only its id, label, description and
 * confirmation (tray-view.ts); the program and its arguments stay in the service.
 */
export const TrayActionSchema = z.strictObject({
  id: ActionIdSchema,
  label: Label,
  /** One sentence the tray shows beside the action. */
  description: z.string().max(200).default(''),
  /** When set, the tray asks the user this question before sending the request. */
  confirmation: z.string().min(1).max(200).nullable().default(null),
  program: z
    .string()
    .max(1024)
    .refine(isAbsoluteProgramPath, 'expected the absolute path of a program, such as C:\\Program Files\\Contoso\\repair.exe or /usr/local/bin/repair'),
  /** Passed as they are, never through a shell; nothing of a user's request is added. */
  args: z.array(z.string().max(1024).refine((arg) => !arg.includes('\0'), 'an argument cannot hold a NUL character')).max(32).default([]),
  /** `system`: as the service (LocalSystem in session 0 on Windows); `user`: as the requesting session's user, unelevated. */
  runAs: RunAsSchema.default('user'),
  /** At this limit the program and everything it started are ended and the run reports a timeout. */
  timeLimitMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
  /** After a run of this action in a session ends, how long until that session may run it again. */
  cooldownMs: z.number().int().min(1_000).max(86_400_000).default(10_000),
});
export type TrayAction = z.output<typeof TrayActionSchema>;

const TrayActionsSchema = z
  .array(TrayActionSchema)
  .max(10)
  .superRefine((actions, context) => {
    const seen = new Set<string>();
    for (const [index, action] of actions.entries()) {
      if (seen.has(action.id)) context.addIssue({ code: 'custom', path: [index, 'id'], message: `the id \`${action.id}\` is used twice` });
      seen.add(action.id);
    }
  });

export const ConfigSchema = z.strictObject({
  agents: z
    .strictObject({
      /** Which interactive sessions get an agent. */
      eligibility: EligibilitySchema.default({ mode: 'all' }),
      /** First restart delay after a crash; doubles up to maxDelayMs. */
      restartInitialDelayMs: z.number().int().min(100).max(60_000).default(1_000),
      restartMaxDelayMs: z.number().int().min(100).max(600_000).default(30_000),
      /** An agent that ran this long is healthy: its backoff starts over. */
      healthyAfterMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
      /** Fast failures in a row that count as a crash loop and stop restarts. */
      crashLoopFailures: z.number().int().min(2).max(1_000).default(10),
      /** Time a graceful stop may take before the agent is terminated. */
      stopTimeoutMs: z.number().int().min(100).max(120_000).default(5_000),
    })
    .default({
      eligibility: { mode: 'all' },
      restartInitialDelayMs: 1_000,
      restartMaxDelayMs: 30_000,
      healthyAfterMs: 60_000,
      crashLoopFailures: 10,
      stopTimeoutMs: 5_000,
    }),
  logging: z
    .strictObject({
      level: LogLevelSchema.default('info'),
      maxFileMb: z.number().int().min(1).max(1024).default(10),
      retainFiles: z.number().int().min(1).max(100).default(7),
    })
    .default({ level: 'info', maxFileMb: 10, retainFiles: 7 }),
  tray: z
    .strictObject({
      links: z.array(TrayLinkSchema).max(10).default([]),
      /**
       * Secret: no place that shows configuration to anyone but an administrator (a user's
       * diagnostics archive, the Event Log) may show the programs and arguments.
       */
      actions: secret(TrayActionsSchema).default([]),
      quietHours: z.strictObject({ start: ClockTime, end: ClockTime }).nullable().default(null),
      notificationsPerMinute: z.number().int().min(1).max(60).default(6),
      supportText: z.string().max(500).default(''),
    })
    .default({ links: [], actions: [], quietHours: null, notificationsPerMinute: 6, supportText: '' }),
  service: z
    .strictObject({
      /** How long Windows should wait for a clean stop at shutdown (SERVICE_CONTROL_PRESHUTDOWN). */
      preshutdownTimeoutMs: z.number().int().min(1_000).max(600_000).default(15_000),
    })
    .default({ preshutdownTimeoutMs: 15_000 }),
});

export type Config = z.output<typeof ConfigSchema>;
export type TrayConfig = Config['tray'];
export const TrayConfigSchema = ConfigSchema.shape.tray.unwrap();

export function defaultConfig(): Config {
  return ConfigSchema.parse({});
}

/** Keys of the configuration whose values are secret (see config-secrets.ts): `tray.actions` in Tandem itself. */
export const SECRET_CONFIG_KEYS: readonly string[] = Object.freeze(secretKeys(ConfigSchema));
