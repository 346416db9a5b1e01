/**
 * The headless agent's log: one plain line per notable event on stdout. The service captures
 * these lines into its own log beside the session id, so they carry no timestamp or level.
 */
import type { AgentEvent } from '../core/agent-core.js';
import type { AgentState } from '../core/agent-state.js';

export function eventLine(event: AgentEvent): string | null {
  switch (event.type) {
    case 'state':
      return stateLine(event.state, event.previous);
    case 'notification': {
      const { title, suppressed } = event.notification;
      return suppressed === null ? `notification: ${title}` : `notification not shown (${suppressed}): ${title}`;
    }
    case 'config-changed': {
      const { links, actions, quietHours, notificationsPerMinute } = event.tray;
      const quiet = quietHours === null ? 'no quiet hours' : `quiet hours ${quietHours.start}-${quietHours.end}`;
      return `config changed: ${count(links.length, 'link')}, ${count(actions.length, 'action')}, ${quiet}, ${notificationsPerMinute} notifications per minute`;
    }
    case 'action': {
      const { headline, detail } = event.run;
      // One line each: the service reads this output line by line.
      const said = detail === '' ? '' : ` — ${detail.replace(/\s*\n\s*/g, ' | ')}`;
      return `action ${event.actionId} (${event.label}): ${headline}${said}`;
    }
    case 'service-stopping':
      return event.restarting ? 'service is restarting' : 'service is stopping';
    case 'power':
      return event.state === 'suspending' ? 'the machine is going to sleep' : 'the machine woke up';
    case 'shutdown':
      return `shutdown requested by the service (${event.reason})`;
    case 'problem':
      return `problem: ${event.message}`;
  }
}

/** A line when the state means something new; none for each retry while the service is away. */
function stateLine(state: AgentState, previous: AgentState): string | null {
  switch (state.kind) {
    case 'connected':
      if (previous.kind === 'attention') return 'problems resolved';
      if (previous.kind === 'connected') return null;
      return `connected to ${state.link.product} as session ${state.link.sessionId}`;
    case 'attention':
      if (previous.kind === 'attention' && previous.problems.join('\n') === state.problems.join('\n')) return null;
      return `needs attention: ${state.problems.join('; ')}`;
    case 'connecting':
      return previous.kind === 'connecting' ? null : `disconnected: ${state.lastError ?? 'connection closed'}; reconnecting`;
    case 'unavailable':
      return previous.kind === 'unavailable' ? null : `service unavailable: ${state.lastError}; still trying`;
    case 'version-mismatch':
      if (previous.kind === 'version-mismatch') return null;
      if (state.link === null) return `version mismatch: ${state.reason}`;
      return `connected to ${state.link.product} as session ${state.link.sessionId}; version mismatch: ${state.reason}`;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
