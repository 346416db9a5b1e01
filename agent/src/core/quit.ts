/**
 * Quit semantics. When the user quits the tray, the service is told first (`agent.quit`), so it
 * records the quit and does not start the tray again in this session until the next logon or
 * an explicit restart; only then does the agent go. If the service cannot be told, the agent
 * quits anyway: the user asked, and a supervisor that sees an unannounced exit restarts it,
 * which is the safe side to err on.
 */
import { describeError } from '@tandem/shared';
import type { ServiceLink } from './service-link.js';

/** How long quitting may wait for the service before the agent goes regardless. */
export const QUIT_TIMEOUT_MS = 3_000;

export interface QuitOutcome {
  /** True when the service acknowledged the quit. */
  readonly told: boolean;
  readonly message: string;
}

export async function announceQuit(link: ServiceLink, timeoutMs = QUIT_TIMEOUT_MS): Promise<QuitOutcome> {
  if (!link.up) return { told: false, message: 'quit without telling the service: it is not reachable' };
  try {
    await link.call('agent.quit', {}, { timeoutMs });
    return { told: true, message: 'quit; the service will not start the tray again in this session until the next sign-in' };
  } catch (error) {
    return { told: false, message: `quit without telling the service: ${describeError(error)}` };
  }
}
