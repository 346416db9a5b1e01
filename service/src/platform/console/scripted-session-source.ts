/**
 * A session source driven by a script: tests, benchmarks and `tandem-service console
 * --sessions N` use it to log simulated users on and off, lock them, disconnect them, and reuse
 * session ids, exactly as Windows would report it.
 */
import type { Disposable, Session, SessionEvent, SessionEventKind, SessionSource } from '../platform.js';

export class ScriptedSessionSource implements SessionSource {
  readonly #sessions = new Map<number, Session>();
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  readonly #groups = new Map<string, Set<string>>();
  #logons = 0;

  async list(): Promise<Session[]> {
    return [...this.#sessions.values()];
  }

  async describe(sessionId: number): Promise<Session | undefined> {
    return this.#sessions.get(sessionId);
  }

  subscribe(listener: (event: SessionEvent) => void): Disposable {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  }

  async isMember(session: Session, group: string): Promise<boolean> {
    return this.#groups.get(group)?.has(session.userId) ?? false;
  }

  /** Puts `userId` in `group` for eligibility by group. */
  addToGroup(group: string, userId: string): void {
    let members = this.#groups.get(group);
    if (members === undefined) this.#groups.set(group, (members = new Set()));
    members.add(userId);
  }

  /** A new logon in session `id`; each logon gets a fresh logon id, even when `id` is reused. */
  logon(id: number, user: string, options: { remote?: boolean; announce?: boolean } = {}): Session {
    const session: Session = {
      id,
      user,
      userId: `uid-${user}`,
      logonId: `logon-${++this.#logons}`,
      state: 'active',
      remote: options.remote ?? false,
      console: !(options.remote ?? false),
    };
    this.#sessions.set(id, session);
    if (options.announce ?? true) this.#emit('logon', id);
    return session;
  }

  logoff(id: number): void {
    this.#sessions.delete(id);
    this.#emit('logoff', id);
  }

  lock(id: number): void {
    this.#update(id, 'locked', 'lock');
  }

  unlock(id: number): void {
    this.#update(id, 'active', 'unlock');
  }

  disconnect(id: number): void {
    const remote = this.#sessions.get(id)?.remote ?? false;
    this.#update(id, 'disconnected', remote ? 'remote-disconnect' : 'console-disconnect');
  }

  connect(id: number): void {
    const remote = this.#sessions.get(id)?.remote ?? false;
    this.#update(id, 'active', remote ? 'remote-connect' : 'console-connect');
  }

  /** Emits an event without changing any session (late or duplicate events). */
  emit(kind: SessionEventKind, id: number): void {
    this.#emit(kind, id);
  }

  #update(id: number, state: Session['state'], kind: SessionEventKind): void {
    const session = this.#sessions.get(id);
    if (session !== undefined) this.#sessions.set(id, { ...session, state });
    this.#emit(kind, id);
  }

  #emit(kind: SessionEventKind, sessionId: number): void {
    for (const listener of this.#listeners) listener({ kind, sessionId });
  }
}
