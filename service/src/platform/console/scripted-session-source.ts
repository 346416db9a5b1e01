/**
 * A session source driven by a script: tests, benchmarks and `tandem-service console
 * --sessions N` use it to log simulated users on and off, lock them, disconnect them, and reuse
 * session ids, exactly as Windows would report it.
 */
import type { Disposable, Session, SessionEvent, SessionEventKind, SessionProbe, SessionSource } from '../platform.js';

export class ScriptedSessionSource implements SessionSource {
  readonly #sessions = new Map<number, Session>();
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  readonly #groups = new Map<string, Set<string>>();
  /** Sessions logged on whose user token is not available yet. */
  readonly #tokenLate = new Set<number>();
  #logons = 0;
  #failListings = 0;
  #ready: Promise<boolean> = Promise.resolve(true);

  /** Until the returned function is called with true or false, ready() waits (Terminal Services starting). */
  holdReady(): (ready: boolean) => void {
    let settle: (ready: boolean) => void = () => undefined;
    this.#ready = new Promise((resolve) => (settle = resolve));
    return (ready) => settle(ready);
  }

  async ready(): Promise<boolean> {
    return this.#ready;
  }

  /** The next `count` listings fail, as WTSEnumerateSessionsW does before LSM is up. */
  failListings(count: number): void {
    this.#failListings = count;
  }

  async list(): Promise<Session[]> {
    if (this.#failListings > 0) {
      this.#failListings--;
      throw new Error('WTSEnumerateSessionsW failed: 1722 RPC_S_SERVER_UNAVAILABLE (scripted)');
    }
    return [...this.#sessions.values()].filter((session) => !this.#tokenLate.has(session.id));
  }

  async describe(sessionId: number): Promise<Session | undefined> {
    const probe = await this.probe(sessionId);
    return probe.kind === 'present' ? probe.session : undefined;
  }

  async probe(sessionId: number): Promise<SessionProbe> {
    const session = this.#sessions.get(sessionId);
    if (session === undefined) return { kind: 'gone' };
    return this.#tokenLate.has(sessionId) ? { kind: 'no-user-yet' } : { kind: 'present', session };
  }

  /** The user token of a logon announced with `tokenLate` becomes available. */
  grantToken(id: number): void {
    this.#tokenLate.delete(id);
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
  logon(id: number, user: string, options: { remote?: boolean; announce?: boolean; tokenLate?: boolean } = {}): Session {
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
    if (options.tokenLate === true) this.#tokenLate.add(id);
    else this.#tokenLate.delete(id);
    if (options.announce ?? true) this.#emit('logon', id);
    return session;
  }

  logoff(id: number): void {
    this.#sessions.delete(id);
    this.#tokenLate.delete(id);
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

  /** The session ends without any event (while the service is asleep, or a lost notification). */
  endSilently(id: number): void {
    this.#sessions.delete(id);
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
