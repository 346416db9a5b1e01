/** Human-readable rendering of `tandemctl actions …`: the definitions, the runs, how one ended. */
import type { ActionFinished, ActionRunRecord, TrayAction, TrayActionView } from '@tandem/shared';
import { table } from './format.js';

export function actionsTable(actions: readonly TrayAction[], running: readonly ActionRunRecord[]): string {
  if (actions.length === 0) return 'No tray actions are defined (tandemctl config set tray.actions …).';
  const lines = [
    table(
      ['ID', 'LABEL', 'RUN AS', 'TIME LIMIT', 'COOLDOWN', 'PROGRAM'],
      actions.map((action) => [action.id, action.label, action.runAs, seconds(action.timeLimitMs), seconds(action.cooldownMs), commandLine(action)]),
    ),
  ];
  for (const run of running) lines.push(`Running: ${run.actionId} in session ${run.sessionId} since ${run.startedAt} (run ${run.runId})`);
  return lines.join('\n');
}

/** What a session's user sees of the actions: what the tray shows. */
export function userActionsTable(actions: readonly TrayActionView[]): string {
  if (actions.length === 0) return 'Your administrator has defined no actions.';
  return table(
    ['ID', 'LABEL', 'ASKS FIRST', 'DESCRIPTION'],
    actions.map((action) => [action.id, action.label, action.confirmation === null ? 'no' : 'yes', action.description]),
  );
}

export function historyTable(runs: readonly ActionRunRecord[]): string {
  if (runs.length === 0) return 'No action has run since the service started (the audit log has older runs).';
  return table(
    ['STARTED', 'RUN', 'ACTION', 'SESSION', 'BY', 'OUTCOME', 'EXIT', 'DURATION'],
    runs.map((run) => [
      run.startedAt,
      run.runId,
      run.actionId,
      String(run.sessionId),
      `${run.requester.account?.name ?? 'unknown'} (${run.requester.role})`,
      run.outcome ?? 'running',
      run.exitCode === null ? '-' : String(run.exitCode),
      run.durationMs === null ? '-' : seconds(run.durationMs),
    ]),
  );
}

/** How a run ended: one line, then the reason and the output, the administrator's record when there is one. */
export function runEndText(label: string, end: ActionFinished, record: ActionRunRecord | undefined): string {
  const exit = end.exitCode === null ? '' : `, exit code ${end.exitCode}`;
  const lines = [`${label}: ${end.outcome} after ${seconds(end.durationMs)}${exit}; ${end.outputBytes} bytes of output.`];
  const reason = record?.reason ?? end.reason;
  if (reason !== null) lines.push(`Why: ${reason}`);
  const output = record?.output ?? end.summary;
  if (output !== '') lines.push(output);
  return lines.join('\n');
}

function seconds(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** The program and its arguments as an administrator would type them (quoted where they have spaces). */
function commandLine(action: TrayAction): string {
  return [action.program, ...action.args].map((part) => (/[\s"]/.test(part) || part === '' ? JSON.stringify(part) : part)).join(' ');
}
