/**
 * `tandemctl actions …`: as an administrator, over the admin endpoint, `list`, `run <id>
 * [--session N]` and `history`; as a session's user, over that session's endpoint (`--endpoint`),
 * `list` and `run <id>`, for machines without a tray and for tests. A run waits for its end and
 * exits 0 only when the action succeeded (`--no-wait` returns once it started).
 */
import { TandemError, type ActionFinished, type ActionRunRecord, type ActionStarted, type Commands, type Events, type RpcClient } from '@tandem/shared';
import { actionsTable, historyTable, runEndText, userActionsTable } from './actions-format.js';
import { statusText } from './format.js';
import { plan, UsageError, type PlannedCall, type PrintedResult } from './planned-call.js';

export const ACTIONS_OPTIONS = {
  session: { type: 'string' },
  limit: { type: 'string' },
  'no-wait': { type: 'boolean' },
} as const;

export interface ActionsFlags {
  readonly session?: string | undefined;
  readonly limit?: string | undefined;
  readonly 'no-wait'?: boolean | undefined;
}

export const ACTIONS_USAGE = 'usage: tandemctl actions list | run <id> [--session <id>] [--no-wait] | history [--limit <n>]';
const USER_USAGE = 'usage: tandemctl --endpoint <address|session> status | actions list | actions run <id> [--no-wait]';

/** The actions flags given, as `--name`, for "only for …" messages. */
export function givenActionsFlags(flags: ActionsFlags): string[] {
  return (Object.keys(ACTIONS_OPTIONS) as Array<keyof ActionsFlags>).filter((name) => flags[name] !== undefined).map((name) => `--${name}`);
}

/** An administrator's `actions …`. */
export function planActions(args: readonly string[], flags: ActionsFlags): PlannedCall {
  const [sub, id, ...extra] = args;
  const only = (allowed: ReadonlyArray<keyof ActionsFlags>): void => {
    const stray = givenActionsFlags(flags).filter((flag) => !allowed.some((name) => `--${name}` === flag));
    if (stray.length > 0) throw new UsageError(`${stray.join(', ')}: not for tandemctl actions ${sub ?? ''}`.trimEnd());
  };
  switch (sub) {
    case 'list':
      only([]);
      if (id !== undefined) throw new UsageError(ACTIONS_USAGE);
      return plan('actions.list', {}, (r) => actionsTable(r.actions, r.running));
    case 'history': {
      only(['limit']);
      if (id !== undefined) throw new UsageError(ACTIONS_USAGE);
      const limit = flags.limit === undefined ? undefined : Number(flags.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 200)) throw new UsageError(`--limit is a whole number from 1 to 200, got \`${String(flags.limit)}\``);
      return plan('actions.history', limit === undefined ? {} : { limit }, (r) => historyTable(r.runs));
    }
    case 'run': {
      only(['session', 'no-wait']);
      if (id === undefined || extra.length > 0) throw new UsageError(ACTIONS_USAGE);
      const sessionId = flags.session === undefined ? undefined : Number(flags.session);
      if (sessionId !== undefined && (!Number.isInteger(sessionId) || sessionId < 0)) throw new UsageError(`--session is a session id, a whole number, got \`${String(flags.session)}\``);
      return planRun('admin', id, sessionId, flags['no-wait'] === true);
    }
    default:
      throw new UsageError(ACTIONS_USAGE);
  }
}

/** What a session's user may ask over their own endpoint (`--endpoint`). */
export function planUserCall(positionals: readonly string[], flags: ActionsFlags): PlannedCall {
  const [command, sub, id, ...extra] = positionals;
  if (flags.session !== undefined || flags.limit !== undefined) throw new UsageError(`--session and --limit are for administrators; ${USER_USAGE}`);
  if (command === 'status' && sub === undefined) return plan('status', {}, statusText, 'user');
  if (command === 'actions' && sub === 'list' && id === undefined) {
    return plan('agent.settings', {}, (r) => userActionsTable(r.tray.actions), 'user');
  }
  if (command === 'actions' && sub === 'run' && id !== undefined && extra.length === 0) return planRun('user', id, undefined, flags['no-wait'] === true);
  throw new UsageError(USER_USAGE);
}

/**
 * Asks for a run, then waits for how it ended. Events of other runs reach an administrator's
 * connection too; those of this run are picked by its id, which is known only once the answer
 * came, so they are kept from before the call.
 */
function planRun(role: 'admin' | 'user', id: string, sessionId: number | undefined, noWait: boolean): PlannedCall {
  return {
    role,
    async run(client, timeoutMs, json) {
      const ends = new Map<string, ActionFinished>();
      let waiting: { runId: string; resolve: (end: ActionFinished) => void } | undefined;
      const unsubscribe = client.on('action.finished', (end) => {
        if (waiting?.runId === end.runId) waiting.resolve(end);
        else ends.set(end.runId, end);
      });
      try {
        const started = role === 'admin' ? await client.call('actions.run', { id, ...(sessionId === undefined ? {} : { sessionId }) }, { timeoutMs }) : await client.call('agent.action', { id }, { timeoutMs });
        const startedText = `${started.label} (${started.actionId}) started in session ${started.sessionId}, run ${started.runId}.`;
        if (noWait) return { text: json ? JSON.stringify(started, null, 2) : startedText, ok: true };
        const end = await endOf(client, started, ends, (pending) => (waiting = pending));
        const record = role === 'admin' ? await recordOf(client, started.runId, timeoutMs) : undefined;
        return printedEnd(started, end, record, json, startedText);
      } finally {
        unsubscribe();
      }
    },
  };
}

function endOf(
  client: RpcClient<Commands, Events>,
  started: ActionStarted,
  ends: ReadonlyMap<string, ActionFinished>,
  wait: (pending: { runId: string; resolve: (end: ActionFinished) => void }) => void,
): Promise<ActionFinished> {
  const early = ends.get(started.runId);
  if (early !== undefined) return Promise.resolve(early);
  return new Promise((resolve, reject) => {
    const stop = client.onClose((error) => reject(error ?? new TandemError('E_CLOSED', `the connection closed before ${started.label} ended`)));
    wait({
      runId: started.runId,
      resolve: (end) => {
        stop();
        resolve(end);
      },
    });
  });
}

/** The administrator's record of the run: the platform's own words and more of the output. */
async function recordOf(client: RpcClient<Commands, Events>, runId: string, timeoutMs: number): Promise<ActionRunRecord | undefined> {
  const { runs } = await client.call('actions.history', { limit: 200 }, { timeoutMs });
  return runs.find((run) => run.runId === runId);
}

function printedEnd(started: ActionStarted, end: ActionFinished, record: ActionRunRecord | undefined, json: boolean, startedText: string): PrintedResult {
  const ok = end.outcome === 'succeeded';
  if (json) return { text: JSON.stringify(record ?? end, null, 2), ok };
  return { text: `${startedText}\n${runEndText(started.label, end, record)}`, ok };
}
