/**
 * The latest run of each administrator's action in this session, as the service reports it
 * (action.started, action.finished), in words for the status window, and the notification that
 * says how a run ended. A refusal of a second request does not hide a run still in progress.
 */
import type { ActionFinished, ActionOutcome, ActionStarted } from '@tandem/shared';
import type { ActionRunView, NotificationLevel } from '../bridge/status-view.js';

/** Actions remembered; more than a tray has (10), so only a misbehaving peer meets the bound. */
const MAX_ACTIONS = 64;

export interface ActionNotification {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly level: NotificationLevel;
  readonly at: string;
}

interface Latest {
  readonly runId: string;
  readonly view: ActionRunView;
}

export class ActionRuns {
  readonly #latest = new Map<string, Latest>();

  /** The latest run of `actionId`, or null when none was seen on this connection. */
  of(actionId: string): ActionRunView | null {
    return this.#latest.get(actionId)?.view ?? null;
  }

  started(event: ActionStarted): ActionRunView {
    const view: ActionRunView = { state: 'running', headline: 'Running…', detail: event.by === 'admin' ? 'Started by your administrator.' : '', at: event.startedAt };
    this.#set(event.actionId, { runId: event.runId, view });
    return view;
  }

  finished(event: ActionFinished): ActionRunView {
    const view: ActionRunView = { state: event.outcome, headline: headline(event), detail: event.reason ?? event.summary, at: event.finishedAt };
    const current = this.#latest.get(event.actionId);
    const refusalOfAnother = event.outcome === 'refused' && current?.view.state === 'running' && current.runId !== event.runId;
    if (!refusalOfAnother) this.#set(event.actionId, { runId: event.runId, view });
    return view;
  }

  /** The connection dropped: how runs in progress end will not be told on it. */
  forgetRunning(): void {
    for (const [actionId, latest] of this.#latest) if (latest.view.state === 'running') this.#latest.delete(actionId);
  }

  #set(actionId: string, latest: Latest): void {
    this.#latest.delete(actionId);
    this.#latest.set(actionId, latest);
    const oldest = this.#latest.keys().next();
    if (this.#latest.size > MAX_ACTIONS && oldest.done !== true) this.#latest.delete(oldest.value);
  }
}

const LEVELS: Record<ActionOutcome, NotificationLevel> = {
  succeeded: 'info',
  failed: 'error',
  'timed-out': 'error',
  refused: 'warning',
  cancelled: 'warning',
};

/** The notification that tells the user how a run ended. */
export function finishedNotification(event: ActionFinished): ActionNotification {
  const title = event.outcome === 'refused' ? `${event.label} was not run` : `${event.label}: ${headline(event).toLowerCase()}`;
  return { id: `action:${event.runId}`, title, body: event.reason ?? event.summary, level: LEVELS[event.outcome], at: event.finishedAt };
}

function headline(event: ActionFinished): string {
  switch (event.outcome) {
    case 'succeeded':
      return 'Succeeded';
    case 'failed':
      return event.exitCode === null ? 'Failed' : `Failed with exit code ${event.exitCode}`;
    case 'timed-out':
      return 'Timed out';
    case 'refused':
      return 'Not run';
    case 'cancelled':
      return 'Cancelled';
  }
}
