/**
 * Carries out a user's command from the menu or the status window: it is checked against the
 * tray configuration first, then handed to the core (service commands) or the shell (windows,
 * links, leaving). Every outcome, refusals included, comes back as words for the user.
 */
import { describeError } from '@tandem/shared';
import type { CommandOutcome } from '../bridge/user-command.js';
import type { AgentCore } from './agent-core.js';
import type { AgentShell } from './agent-shell.js';
import { parseUserCommand } from './user-command-parser.js';

export async function dispatchCommand(input: unknown, core: AgentCore, shell: AgentShell): Promise<CommandOutcome> {
  let command;
  try {
    command = parseUserCommand(input, core.tray);
  } catch (error) {
    return { ok: false, message: `Refused: ${describeError(error)}` };
  }
  switch (command.type) {
    case 'open-status':
      shell.openStatusWindow();
      return { ok: true, message: 'Status window opened.' };
    case 'open-link':
      try {
        await shell.openExternal(command.url);
        return { ok: true, message: `Opened ${command.url}.` };
      } catch (error) {
        return { ok: false, message: `Could not open ${command.url}: ${describeError(error)}` };
      }
    case 'run-action': {
      // The parser found the action in the tray configuration; ask first where the administrator said to.
      const action = core.tray.actions.find((candidate) => candidate.id === command.id);
      if (action !== undefined && action.confirmation !== null && !(await shell.confirm(action.label, action.confirmation))) {
        return { ok: false, message: `${action.label}: not run.` };
      }
      return core.runAction(command.id);
    }
    case 'collect-diagnostics':
      return core.collectDiagnostics();
    case 'refresh':
      return core.refresh();
    case 'quit': {
      const outcome = await core.quit();
      shell.exit();
      return { ok: true, message: outcome.message };
    }
  }
}
