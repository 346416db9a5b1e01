/** Events the service pushes to connected clients, declared once like the commands. */
import { z } from 'zod';
import { ActionFinishedSchema, ActionStartedSchema, TrayViewSchema } from './action-schema.js';
import { NotificationLevelSchema } from './commands.js';

export const events = {
  /** The tray's part of the configuration changed (of each action only what the tray shows). */
  'config.changed': z.object({ tray: TrayViewSchema }),
  /** A notification for the user (from notify.broadcast or the service itself). */
  notify: z.object({
    id: z.string().max(64),
    title: z.string().max(128),
    body: z.string().max(2048),
    level: NotificationLevelSchema,
    at: z.string(),
  }),
  /** The service asks the agent to exit now (graceful stop before termination). */
  'agent.shutdown': z.object({ reason: z.enum(['logoff', 'service-stop', 'restart', 'ineligible']) }),
  /**
   * The machine is about to sleep or hibernate (`suspending`), or woke up (`resumed`). An agent
   * saves what it must before sleep; after resume the service re-checks every session.
   */
  'service.power': z.object({ state: z.enum(['suspending', 'resumed']) }),
  /** The service is stopping; clients should expect the connection to drop and reconnect. */
  'service.stopping': z.object({ restarting: z.boolean() }),
  /** An action began to run for this session (sent to the session's connections and to administrators). */
  'action.started': ActionStartedSchema,
  /** An action's run ended, or a request for one was refused. */
  'action.finished': ActionFinishedSchema,
} as const;

export type Events = typeof events;
