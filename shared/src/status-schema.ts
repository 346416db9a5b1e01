/** What the service reports about itself, its sessions and its agents. */
import { z } from 'zod';
import { ConfigSchema } from './config-schema.js';

export const SESSION_STATES = ['active', 'disconnected', 'locked'] as const;

export const SessionInfoSchema = z.object({
  id: z.number().int().nonnegative(),
  /** DOMAIN\user on Windows, the login name elsewhere. */
  user: z.string(),
  state: z.enum(SESSION_STATES),
  remote: z.boolean(),
  console: z.boolean(),
  eligible: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const AGENT_STATES = [
  'starting',
  'running',
  'backoff',
  'stopping',
  'stopped',
  'quit',
  'crash-loop',
] as const;
export const AgentStateSchema = z.enum(AGENT_STATES);
export type AgentState = z.infer<typeof AgentStateSchema>;

export const AgentInfoSchema = z.object({
  sessionId: z.number().int().nonnegative(),
  state: AgentStateSchema,
  pid: z.number().int().nullable(),
  connected: z.boolean(),
  restarts: z.number().int().nonnegative(),
  /** When the next restart is due, while in backoff (ISO 8601). */
  nextRestartAt: z.string().nullable(),
  lastExit: z.object({ code: z.number().int().nullable(), signal: z.string().nullable(), at: z.string() }).nullable(),
  /**
   * What the agent's own process (its connection's pid, as the platform reports it) called itself
   * in its hello, e.g. `tandem-tray/0.1.0 (verified pipe)`; null while that process has no
   * connection, or where the platform cannot tell a client's pid (console mode's sockets).
   */
  client: z.string().max(64).nullable().optional(),
});
export type AgentInfo = z.infer<typeof AgentInfoSchema>;

export const ConfigHealthSchema = z.object({
  /** Where the configuration in force came from. */
  source: z.enum(['file', 'last-known-good', 'defaults']),
  /** Problems met while loading it; empty when all is well. */
  problems: z.array(z.string()),
  /** Dotted keys whose values machine policy enforces. */
  enforced: z.array(z.string()),
});
export type ConfigHealth = z.infer<typeof ConfigHealthSchema>;

export const StatusSchema = z.object({
  product: z.string(),
  version: z.string(),
  protocol: z.number().int(),
  platform: z.enum(['console', 'windows']),
  pid: z.number().int(),
  startedAt: z.string(),
  uptimeSeconds: z.number().nonnegative(),
  logFile: z.string().nullable(),
  /** How the run before this one ended: `unclean` after a power loss, crash or kill. */
  previousRun: z.enum(['first', 'clean', 'unclean']).optional(),
  config: ConfigHealthSchema,
  sessions: z.array(SessionInfoSchema),
  agents: z.array(AgentInfoSchema),
});
export type Status = z.infer<typeof StatusSchema>;

export const ConfigViewSchema = z.object({ config: ConfigSchema, health: ConfigHealthSchema });
export type ConfigView = z.infer<typeof ConfigViewSchema>;
