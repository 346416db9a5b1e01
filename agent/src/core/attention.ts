/**
 * What in the service's status needs the user's (and their administrator's) attention. Only
 * what concerns this session is considered: a user sees their own agent, not other sessions.
 */
import type { Status } from '@tandem/shared';

export function attentionProblems(status: Status, sessionId: number): string[] {
  const problems = status.config.problems.map((problem) => `Configuration: ${problem}`);
  const agent = status.agents.find((candidate) => candidate.sessionId === sessionId);
  if (agent?.state === 'crash-loop') {
    problems.push(`The tray agent of this session keeps crashing (${agent.restarts} restarts); the service stopped restarting it.`);
  }
  return problems;
}
