/**
 * What the user may do right now, derived from the state and the tray configuration. The menu
 * model and the status window both list these, so the two never disagree.
 */
import type { TrayView } from '@tandem/shared';
import type { ActionRunView, ActionView } from '../bridge/status-view.js';
import { linkOf, type AgentState } from './agent-state.js';

const OFFLINE_HINT = 'Needs a connection to the Tandem service.';

const RUNNING_HINT = 'Running now; you will be told when it ends.';

/** `runs`: the latest run of each administrator's action in this session. */
export function userActions(state: AgentState, tray: TrayView, runs: (actionId: string) => ActionRunView | null = () => null): ActionView[] {
  const online = linkOf(state) !== null;
  const service = (hint: string): Pick<ActionView, 'enabled' | 'hint' | 'run'> => ({ enabled: online, hint: online ? hint : OFFLINE_HINT, run: null });
  return [
    ...tray.links.map(
      (link): ActionView => ({ command: { type: 'open-link', url: link.url }, label: link.label, group: 'links', enabled: true, hint: `Opens ${link.url}`, run: null }),
    ),
    ...tray.actions.map((action): ActionView => {
      const run = runs(action.id);
      // One run of an action per session at a time: the service would refuse a second one.
      const running = run?.state === 'running';
      const base = service(running ? RUNNING_HINT : action.description || 'Runs on the Tandem service.');
      return { command: { type: 'run-action', id: action.id }, label: action.label, group: 'service', ...base, enabled: base.enabled && !running, run };
    }),
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
      run: null,
    },
  ];
}
