/** Helpers for driving the console simulator end to end: `tandemctl simulate …` and agent views. */
import assert from 'node:assert/strict';
import type { Status } from '@tandem/shared';
import { eventually, type RunningService } from './console-harness.js';

/** Runs `tandemctl simulate <args>` and returns what the service was told. */
export function simulate(service: RunningService, ...args: string[]): string[] {
  const result = service.ctl('simulate', ...args, '--json');
  assert.equal(result.code, 0, `simulate ${args.join(' ')}: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { sequence: string[] }).sequence;
}

/** `{ 1: 'running connected pid 123' }` for sessions whose agents are settled (connected, or not running). */
export function agentView(status: Status): Record<number, { state: string; pid: number | null; connected: boolean }> {
  return Object.fromEntries(status.agents.map((a) => [a.sessionId, { state: a.state, pid: a.pid, connected: a.connected }]));
}

/** Waits until the sessions with agents are exactly `sessions`, each running and connected. */
export async function connectedAgents(service: RunningService, sessions: number[]): Promise<Status> {
  return eventually(`connected agents in sessions ${sessions.join(', ')}`, async () => {
    const status = await service.status();
    const ids = status.agents.map((a) => a.sessionId).sort((a, b) => a - b);
    const ready = status.agents.every((a) => a.state === 'running' && a.connected && a.pid !== null);
    return ready && ids.join() === sessions.join() ? status : undefined;
  });
}

/** Counts `agent started` lines in the service's log for one session. */
export function startsIn(service: RunningService, sessionId: number): number {
  return service
    .logText()
    .split('\n')
    .filter((line) => line.includes('"msg":"agent started"') && line.includes(`"sessionId":${sessionId},`)).length;
}
