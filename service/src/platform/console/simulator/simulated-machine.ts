/**
 * The simulated machine's sessions: who is logged on where, which session has the console,
 * which are locked, logging off or still loading their user. It is the SessionSource the service
 * reads (`list`, `probe`), answering as WTSEnumerateSessionsW and WTSQueryUserToken would, and
 * it delivers the notifications the simulator decides on to the service's subscribers.
 */
import type { Clock } from '../../../core/clock.js';
import type { Disposable, Session, SessionEvent, SessionProbe, SessionSource } from '../../platform.js';
import { wtsKind, type WtsReasonName } from '../../windows/wts-reasons.js';

export interface SimSession {
  readonly id: number;
  readonly user: string;
  readonly logonId: string;
  remote: boolean;
  connected: boolean;
  locked: boolean;
  /** When the user's token becomes available (a late logon); earlier probes answer no-user-yet. */
  tokenAt: number;
  /** Between Windows ending the session's processes and the LOGOFF notification. */
  loggingOff: boolean;
}

export class SimulatedMachine implements SessionSource {
  readonly sessions = new Map<number, SimSession>();
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  readonly #clock: Clock;
  /** The session attached to the physical console; null when the console shows a logon screen. */
  console: number | null = null;
  /** The userless session showing the logon screen at the console, if any. */
  logonScreen: number | null = null;
  /** Session 0 is hibernated or the machine sleeps: nothing is delivered. */
  asleep = false;
  #logons = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async ready(): Promise<boolean> {
    return true;
  }

  async list(): Promise<Session[]> {
    return [...this.sessions.values()].filter((s) => s.tokenAt <= this.#clock.now()).map((s) => this.#view(s));
  }

  async describe(sessionId: number): Promise<Session | undefined> {
    const probe = await this.probe(sessionId);
    return probe.kind === 'present' ? probe.session : undefined;
  }

  async probe(sessionId: number): Promise<SessionProbe> {
    const session = this.sessions.get(sessionId);
    if (session === undefined) return { kind: 'gone' };
    if (session.tokenAt > this.#clock.now()) return { kind: 'no-user-yet' };
    return { kind: 'present', session: this.#view(session) };
  }

  subscribe(listener: (event: SessionEvent) => void): Disposable {
    this.#listeners.add(listener);
    return { dispose: () => void this.#listeners.delete(listener) };
  }

  /** Simulated users belong to the group named after them (`user2` is in `user2`) and to `users`. */
  async isMember(session: Session, group: string): Promise<boolean> {
    return group === 'users' || group === session.user;
  }

  /** The lowest session id not in use (Windows reuses the ids of ended sessions). */
  freeId(): number {
    let id = 1;
    while (this.sessions.has(id) || this.logonScreen === id) id++;
    return id;
  }

  create(user: string, options: { remote: boolean; tokenDelayMs: number; id?: number }): SimSession {
    const session: SimSession = {
      id: options.id ?? this.freeId(),
      user,
      logonId: `sim-logon-${++this.#logons}`,
      remote: options.remote,
      connected: true,
      locked: false,
      tokenAt: this.#clock.now() + options.tokenDelayMs,
      loggingOff: false,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** Sends one SESSIONCHANGE notification to the service (unless asleep). */
  notify(reason: WtsReasonName, sessionId: number): void {
    if (this.asleep) return;
    const event: SessionEvent = { kind: wtsKind(reason), sessionId };
    for (const listener of this.#listeners) listener(event);
  }

  #view(s: SimSession): Session {
    return {
      id: s.id,
      user: s.user,
      userId: `sim-${s.user}`,
      logonId: s.logonId,
      state: !s.connected ? 'disconnected' : s.locked ? 'locked' : 'active',
      remote: s.remote,
      console: this.console === s.id,
    };
  }
}
