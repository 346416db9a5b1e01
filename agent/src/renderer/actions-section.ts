/**
 * The actions the user may take, as real buttons in labelled groups. A button that cannot act
 * now stays focusable with aria-disabled, so keyboard and screen-reader users still find it and
 * hear why (its hint is its description). An administrator's action shows how its latest run in
 * this session went, in words and not only in colour, and that too is part of its description.
 */
import type { ActionGroup, ActionRunView, ActionView } from '../bridge/status-view.js';
import type { UserCommand } from '../bridge/user-command.js';
import { formatTime } from './display-format.js';
import { byId, element } from './element.js';

const GROUP_TITLES: Record<ActionGroup, string> = {
  links: 'From your administrator',
  service: 'Service',
  app: 'Tandem',
};

/** A stable name for a command, to find its button again after the list is redrawn. */
export function commandKey(command: UserCommand): string {
  switch (command.type) {
    case 'open-link':
      return `open-link:${command.url}`;
    case 'run-action':
      return `run-action:${command.id}`;
    default:
      return command.type;
  }
}

export function renderActions(actions: readonly ActionView[]): void {
  const container = byId('actions', HTMLDivElement);
  const focused = document.activeElement instanceof HTMLButtonElement && container.contains(document.activeElement) ? document.activeElement.dataset['key'] : undefined;
  let index = 0;
  const groups = (Object.keys(GROUP_TITLES) as ActionGroup[]).flatMap((group) => {
    const members = actions.filter((action) => action.group === group);
    if (members.length === 0) return [];
    const items = members.map((action) => button(action, `action-${index++}`));
    return [element('fieldset', { class: 'action-group' }, [element('legend', {}, [GROUP_TITLES[group]]), element('ul', { class: 'action-list' }, items)])];
  });
  container.replaceChildren(...groups);
  // Redrawing must not throw a keyboard user's focus back to the top of the page.
  if (focused !== undefined) [...container.querySelectorAll('button')].find((candidate) => candidate.dataset['key'] === focused)?.focus();
}

function button(action: ActionView, id: string): HTMLLIElement {
  const hintId = `${id}-hint`;
  const runId = `${id}-run`;
  const secondary = action.group === 'links' || action.command.type === 'quit' || action.command.type === 'refresh';
  return element('li', {}, [
    element(
      'button',
      {
        type: 'button',
        id,
        class: secondary ? 'secondary' : undefined,
        'data-key': commandKey(action.command),
        'aria-describedby': action.run === null ? hintId : `${hintId} ${runId}`,
        'aria-disabled': action.enabled ? undefined : 'true',
      },
      [action.label],
    ),
    element('span', { id: hintId, class: 'hint' }, [action.hint]),
    ...(action.run === null ? [] : [runLine(action.run, runId)]),
  ]);
}

function runLine(run: ActionRunView, id: string): HTMLSpanElement {
  return element('span', { id, class: 'run', 'data-state': run.state }, [
    element('span', { class: 'run-badge' }, [run.headline]),
    element('span', { class: 'run-time' }, [formatTime(run.at)]),
    ...(run.detail === '' ? [] : [element('span', { class: 'run-detail' }, [run.detail])]),
  ]);
}
