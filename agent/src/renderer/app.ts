/**
 * The status window's entry. It talks only to the bridge (`window.tandem`, from the preload):
 * it draws every view the main process sends and hands the user's clicks back as commands.
 */
import type { StatusBridge } from '../bridge/status-bridge.js';
import type { StatusView } from '../bridge/status-view.js';
import { commandKey, renderActions } from './actions-section.js';
import { byId, setText } from './element.js';
import { renderFacts } from './facts-sections.js';
import { renderNotifications } from './notifications-section.js';
import { renderState } from './state-section.js';

declare global {
  interface Window {
    readonly tandem?: StatusBridge;
  }
}

let current: StatusView | undefined;
let drawnActions = '';

function render(view: StatusView): void {
  current = view;
  renderState(view.state);
  renderFacts(view);
  renderNotifications(view.notifications);
  const actions = JSON.stringify(view.actions);
  if (actions !== drawnActions) {
    drawnActions = actions;
    renderActions(view.actions);
  }
  document.body.dataset['ready'] = 'true';
}

function showOutcome(ok: boolean, message: string): void {
  const outcome = byId('outcome', HTMLParagraphElement);
  outcome.dataset['ok'] = String(ok);
  setText(outcome, message);
}

async function onActionClick(bridge: StatusBridge, event: MouseEvent): Promise<void> {
  const target = event.target instanceof Element ? event.target.closest('button') : null;
  const action = current?.actions.find((candidate) => commandKey(candidate.command) === target?.dataset['key']);
  if (action === undefined) return;
  if (!action.enabled) {
    showOutcome(false, action.hint);
    return;
  }
  showOutcome(true, `${action.label}…`);
  try {
    const outcome = await bridge.perform(action.command);
    showOutcome(outcome.ok, outcome.message);
  } catch (error) {
    showOutcome(false, `${action.label} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function start(): Promise<void> {
  const bridge = window.tandem;
  if (bridge === undefined) {
    setText(byId('headline', HTMLHeadingElement), 'Tandem status is not available');
    setText(byId('detail', HTMLParagraphElement), 'Open this window from the Tandem icon in the notification area.');
    return;
  }
  // Buttons activate on Enter and Space by themselves; both arrive here as clicks.
  byId('actions', HTMLDivElement).addEventListener('click', (event) => void onActionClick(bridge, event));
  bridge.subscribe(render);
  render(await bridge.view());
}

void start();
