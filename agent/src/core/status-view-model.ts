/** Builds the status window's snapshot from what the agent knows. Pure: same inputs, same view. */
import type { Status, TrayView } from '@tandem/shared';
import type { ActionRunView, NotificationView, SessionView, StatusView } from '../bridge/status-view.js';
import { linkOf, type AgentState } from './agent-state.js';
import { summarize } from './state-summary.js';
import { userActions } from './user-actions.js';

export interface StatusViewInputs {
  readonly agentVersion: string;
  readonly state: AgentState;
  readonly tray: TrayView;
  /** The service's last status on the current connection, if any arrived. */
  readonly status: Status | null;
  readonly notifications: readonly NotificationView[];
  /** The latest run of an administrator's action in this session, if any. */
  readonly runs?: (actionId: string) => ActionRunView | null;
}

export function buildStatusView(inputs: StatusViewInputs): StatusView {
  const { state, tray, status } = inputs;
  const link = linkOf(state);
  return {
    agentVersion: inputs.agentVersion,
    state: summarize(state),
    service:
      link === null
        ? null
        : { product: link.service.name, version: link.service.version, platform: status?.platform ?? null, uptimeSeconds: status?.uptimeSeconds ?? null },
    session: sessionView(link?.sessionId ?? null, status),
    notifications: inputs.notifications,
    settings: { quietHours: tray.quietHours, notificationsPerMinute: tray.notificationsPerMinute, supportText: tray.supportText },
    actions: userActions(state, tray, inputs.runs),
  };
}

function sessionView(sessionId: number | null, status: Status | null): SessionView {
  const session = status?.sessions.find((candidate) => candidate.id === sessionId);
  const agent = status?.agents.find((candidate) => candidate.sessionId === sessionId);
  return {
    id: sessionId,
    user: session?.user ?? null,
    agentState: agent?.state ?? null,
    pid: agent?.pid ?? null,
    restarts: agent?.restarts ?? null,
  };
}
