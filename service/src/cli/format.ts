/** Human-readable rendering of tandemctl results: aligned tables and durations. */
import type { AgentInfo, SessionInfo, SimulateResult, Status } from '@tandem/shared';

export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function duration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = Math.floor(seconds % 60);
  return [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', `${s}s`].filter(Boolean).join(' ');
}

export function sessionsTable(sessions: readonly SessionInfo[], agents: readonly AgentInfo[] = []): string {
  if (sessions.length === 0) return 'No interactive user sessions: nobody is logged on.';
  const bySession = new Map(agents.map((a) => [a.sessionId, a]));
  return table(
    ['SESSION', 'USER', 'STATE', 'KIND', 'AGENT', 'PID', 'CONNECTED', 'RESTARTS'],
    sessions.map((s) => {
      const agent = bySession.get(s.id);
      return [
        String(s.id),
        s.user,
        s.state,
        s.remote ? 'remote' : s.console ? 'console' : 'other',
        agent?.state ?? (s.eligible ? 'none' : 'not eligible'),
        agent?.pid === null || agent === undefined ? '-' : String(agent.pid),
        agent?.connected ? 'yes' : 'no',
        agent === undefined ? '-' : String(agent.restarts),
      ];
    }),
  );
}

export function statusText(status: Status): string {
  const { config } = status;
  const lines = [
    `Tandem ${status.version} (${status.platform}), pid ${status.pid}, up ${duration(status.uptimeSeconds)}, protocol ${status.protocol}`,
    `Configuration: from ${config.source}${config.enforced.length ? `; enforced by policy: ${config.enforced.join(', ')}` : ''}`,
    ...config.problems.map((p) => `  problem: ${p}`),
    `Log: ${status.logFile ?? 'none'}`,
    ...(status.previousRun === 'unclean' ? ['Previous run: ended without stopping (power loss, crash or kill); this run started clean'] : []),
    '',
    sessionsTable(status.sessions, status.agents),
  ];
  const held = status.agents.filter((a) => a.state === 'crash-loop' || a.state === 'quit' || a.state === 'backoff');
  for (const agent of held) {
    if (agent.state === 'crash-loop') lines.push(`Session ${agent.sessionId}: the agent is crash-looping; fix it, then: tandemctl agents restart ${agent.sessionId}`);
    if (agent.state === 'quit') lines.push(`Session ${agent.sessionId}: the user quit the tray; relaunch with: tandemctl agents restart ${agent.sessionId}`);
    if (agent.state === 'backoff') lines.push(`Session ${agent.sessionId}: restarting at ${agent.nextRestartAt ?? '?'}`);
  }
  return lines.join('\n');
}

export function simulateText(result: SimulateResult): string {
  const created = result.sessionId === null ? '' : `Session ${result.sessionId} created.\n`;
  return `${created}The service was told, in order:\n${result.sequence.map((step) => `  ${step}`).join('\n')}`;
}
