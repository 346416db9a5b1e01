/** What of the service's status a caller may see: a user connection sees only its own session. */
import type { Role, Status } from '@tandem/shared';

export interface Viewer {
  readonly role: Role;
  /** The session the caller's endpoint is bound to; null on the admin endpoint. */
  readonly sessionId: number | null;
}

export function statusFor(status: Status, viewer: Viewer): Status {
  const own = viewer.sessionId;
  if (viewer.role === 'admin' || own === null) return status;
  return { ...status, sessions: status.sessions.filter((s) => s.id === own), agents: status.agents.filter((a) => a.sessionId === own) };
}
