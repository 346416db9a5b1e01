/** The words for each state: the tray tooltip, the menu's status line and the window's heading. */
import type { StateSummary } from '../bridge/status-view.js';
import type { AgentState } from './agent-state.js';

export function summarize(state: AgentState): StateSummary {
  switch (state.kind) {
    case 'connecting':
      return {
        kind: state.kind,
        headline: 'Connecting to the Tandem service…',
        detail:
          state.lastError === null
            ? 'This takes a moment after you sign in or after the service restarts.'
            : `Last attempt: ${state.lastError}. Trying again automatically.`,
        problems: [],
      };
    case 'connected':
      return {
        kind: state.kind,
        headline: `Connected to Tandem ${state.link.service.version}`,
        detail: 'Everything is working. Messages from your administrator appear here.',
        problems: [],
      };
    case 'unavailable':
      return {
        kind: state.kind,
        headline: 'Tandem service unavailable',
        detail: `${capitalize(state.lastError)}. The tray keeps trying to reconnect on its own.`,
        problems: [],
      };
    case 'version-mismatch':
      return {
        kind: state.kind,
        headline: 'Tandem version mismatch',
        detail:
          state.link === null
            ? `${capitalize(state.reason)}. The tray cannot talk to the service until the update is complete.`
            : `${capitalize(state.reason)}. Messages still arrive; ask your administrator to complete the update.`,
        problems: [],
      };
    case 'attention':
      return {
        kind: state.kind,
        headline: 'Tandem needs attention',
        detail:
          state.problems.length === 1
            ? 'The service reported a problem. Your administrator can see it in the service log too.'
            : `The service reported ${state.problems.length} problems. Your administrator can see them in the service log too.`,
        problems: state.problems,
      };
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
