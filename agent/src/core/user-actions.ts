/**
 * What the user may do right now, derived from the state and the tray configuration. The menu
 * model and the status window both list these, so the two never disagree.
 */
import type { TrayConfig } from '@tandem/shared';
import type { ActionView } from '../bridge/status-view.js';
import { linkOf, type AgentState } from './agent-state.js';

const OFFLINE_HINT = 'Needs a connection to the Tandem service.';

export function userActions(state: AgentState, tray: TrayConfig): ActionView[] {
  const online = linkOf(state) !== null;
  const service = (hint: string): Pick<ActionView, 'enabled' | 'hint'> => ({ enabled: online, hint: online ? hint : OFFLINE_HINT });
  return [
    ...tray.links.map(
      (link): ActionView => ({ command: { type: 'open-link', url: link.url }, label: link.label, group: 'links', enabled: true, hint: `Opens ${link.url}` }),
    ),
    ...tray.actions.map(
      (action): ActionView => ({ command: { type: 'run-action', id: action.id }, label: action.label, group: 'service', ...service('Runs on the Tandem service.') }),
    ),
    {
      command: { type: 'collect-diagnostics' },
      label: 'Collect diagnostics',
      group: 'service',
      ...service('Gathers logs, configuration and status into an archive you can send to support.'),
    },
    { command: { type: 'refresh' }, label: 'Refresh status', group: 'service', ...service('Asks the service for its status again.') },
    {
      command: { type: 'quit' },
      label: 'Quit Tandem',
      group: 'app',
      enabled: true,
      hint: 'Closes the tray in this session; it comes back when you next sign in.',
    },
  ];
}
