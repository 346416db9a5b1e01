/**
 * The tray's context menu as data: the Electron shell turns it into a native menu, tests read it
 * as it is. Layout: status line, the status window, the administrator's links, the service's
 * actions, quit.
 */
import type { TrayView } from '@tandem/shared';
import type { UserCommand } from '../bridge/user-command.js';
import type { AgentState } from './agent-state.js';
import { summarize } from './state-summary.js';
import { userActions } from './user-actions.js';

export type MenuEntry =
  /** A line of text the user cannot click (the status line). */
  | { readonly kind: 'label'; readonly label: string }
  | { readonly kind: 'item'; readonly label: string; readonly enabled: boolean; readonly command: UserCommand }
  | { readonly kind: 'separator' };

const SEPARATOR: MenuEntry = { kind: 'separator' };

export function buildMenu(state: AgentState, tray: TrayView): MenuEntry[] {
  const actions = userActions(state, tray);
  const inGroup = (group: string): MenuEntry[] =>
    actions
      .filter((action) => action.group === group && action.command.type !== 'refresh')
      .map((action) => ({ kind: 'item', label: action.label, enabled: action.enabled, command: action.command }));
  const sections: MenuEntry[][] = [
    [{ kind: 'label', label: summarize(state).headline }],
    [{ kind: 'item', label: 'Open status window', enabled: true, command: { type: 'open-status' } }],
    inGroup('links'),
    inGroup('service'),
    inGroup('app'),
  ];
  return sections.filter((section) => section.length > 0).flatMap((section, index) => (index === 0 ? section : [SEPARATOR, ...section]));
}
