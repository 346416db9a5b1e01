/**
 * Sessions in, agents out: tracks the platform's user sessions and keeps exactly one agent in
 * each eligible one. Session events are applied one at a time, in order, so no interleaving of
 * logon, logoff and lock can leave two agents in a session or an agent in a dead one.
 *
 * Where events cannot be trusted to be complete (at start, once the host reports RUNNING, after
 * a resume) the sessions are listed again and reconciled: sessions that ended unobserved are
 * retired, new ones adopted, dead agents relaunched, and nothing is started twice.
 */
import { TandemError, type AgentInfo, type Config, type SessionInfo } from '@tandem/shared';
import type { Logger } from 'pino';
import type { AgentEndpoint, Disposable, Platform, Session, SessionEvent } from '../platform/platform.js';
import { AgentSlot, type StopCause } from './agent-slot.js';
import type { Clock } from './clock.js';
import { LateLogons } from './late-logons.js';
import { listSessions, Pauses, waitForSessionManager, type ListingContext } from './session-listing.js';

/** What the supervisor needs from the RPC server: attaching endpoints and reaching agents. */
export interface AgentLink {
  attach(endpoint: AgentEndpoint): Promise<void>;
  /** Stops listening on the endpoint and closes the connections bound to `sessionId`. */
  detach(endpoint: AgentEndpoint, sessionId: number): Promise<void>;
  /** Sends agent.shutdown to the session's connected agents; false when none is connected. */
  requestShutdown(sessionId: number, cause: StopCause): boolean;
}

interface Tracked {
  session: Session;
  /** When tracking of this logon began (epoch ms): the logon's log lines are the newer ones. */
  readonly since: number;
  eligible: boolean;
  slot: AgentSlot | undefined;
  endpoint: AgentEndpoint | undefined;
}

export interface AgentSupervisorDeps {
  readonly platform: Pick<Platform, 'sessions' | 'launcher' | 'endpoints'>;
  readonly link: AgentLink;
  readonly clock: Clock;
  readonly log: Logger;
  readonly config: () => Config;
  readonly onChange?: () => void;
}

export class AgentSupervisor {
  readonly #deps: AgentSupervisorDeps;
  readonly #tracked = new Map<number, Tracked>();
  #queue: Promise<void> = Promise.resolve();
  #subscription: Disposable | undefined;
  #stopped = false;
  readonly #lateLogons: LateLogons;
  readonly #pauses: Pauses;
  readonly #listing: ListingContext;

  constructor(deps: AgentSupervisorDeps) {
    this.#deps = deps;
    this.#lateLogons = new LateLogons(deps.clock, (sessionId) => void this.#enqueue(() => this.#askAgain(sessionId)));
    this.#pauses = new Pauses(deps.clock);
    this.#listing = { sessions: deps.platform.sessions, log: deps.log, pauses: this.#pauses, abandoned: () => this.#stopped };
  }

  /** Subscribes to session events, waits (bounded) for the session manager, then adopts the sessions already there. */
  async start(): Promise<void> {
    const { sessions } = this.#deps.platform;
    // Subscribe first so nothing between the listing and the subscription is lost; events for
    // sessions the listing already added are recognised by their logon id.
    this.#subscription = sessions.subscribe((event) => this.#enqueue(() => this.#apply(event)));
    await this.#enqueue(() => waitForSessionManager(this.#listing));
    await this.resync('start');
  }

  /**
   * Lists the sessions and makes the agents match: sessions that ended unobserved are retired,
   * new ones adopted, agents that should run and do not are relaunched now.
   */
  resync(why: string): Promise<void> {
    return this.#enqueue(async () => {
      const listed = await listSessions(this.#listing, why);
      if (listed === undefined || this.#stopped) return;
      const present = new Map(listed.map((session) => [session.id, session]));
      for (const tracked of [...this.#tracked.values()]) {
        const now = present.get(tracked.session.id);
        if (now !== undefined && now.logonId === tracked.session.logonId) continue;
        this.#deps.log.info({ sessionId: tracked.session.id, user: tracked.session.user, why }, 'session ended while unobserved; retiring its agent');
        this.#tracked.delete(tracked.session.id);
        await this.#retire(tracked, 'logoff');
      }
      for (const session of listed) {
        this.#lateLogons.forget(session.id);
        await this.#add(session);
        this.#tracked.get(session.id)?.slot?.revive();
      }
      this.#deps.log.info({ why, sessions: listed.length }, 'sessions reconciled');
      this.#changed();
    });
  }

  /** Stops every agent (gracefully, in parallel, each within `timeoutMs` if given) and closes their endpoints. */
  async stop(cause: StopCause = 'service-stop', timeoutMs?: number): Promise<void> {
    this.#stopped = true;
    this.#subscription?.dispose();
    this.#lateLogons.dispose();
    this.#pauses.interrupt();
    await this.#enqueue(async () => {
      await Promise.all([...this.#tracked.values()].map((tracked) => this.#retire(tracked, cause, timeoutMs)));
      this.#tracked.clear();
    });
  }

  sessions(): SessionInfo[] {
    return [...this.#tracked.values()].map(({ session, eligible }) => ({
      id: session.id,
      user: session.user,
      state: session.state,
      remote: session.remote,
      console: session.console,
      eligible,
    }));
  }

  agents(): AgentInfo[] {
    return [...this.#tracked.values()].flatMap(({ slot }) => (slot === undefined ? [] : [slot.info()]));
  }

  session(sessionId: number): Session | undefined {
    return this.#tracked.get(sessionId)?.session;
  }

  /** When the service began tracking the session's current logon (epoch ms, like log times). */
  trackedSince(sessionId: number): number | undefined {
    return this.#tracked.get(sessionId)?.since;
  }

  /** Relaunches the agent of one session or of all; clears quit and crash-loop holds. */
  restart(sessionId: number | undefined): Promise<number[]> {
    return this.#enqueue(async () => {
      const targets = sessionId === undefined ? [...this.#tracked.values()] : [this.#tracked.get(sessionId)];
      const restarted: number[] = [];
      for (const tracked of targets) {
        if (tracked === undefined) throw new TandemError('E_NOT_FOUND', `no session ${String(sessionId)} is tracked`);
        if (!tracked.eligible || tracked.slot === undefined) {
          if (sessionId !== undefined) throw new TandemError('E_CONFLICT', `session ${tracked.session.id} is not eligible for an agent`);
          continue;
        }
        await tracked.slot.restart();
        restarted.push(tracked.session.id);
      }
      return restarted;
    });
  }

  /** The user quit the tray in this session. */
  quit(sessionId: number): void {
    this.#tracked.get(sessionId)?.slot?.markQuit();
  }

  connectionChanged(sessionId: number, open: boolean): void {
    this.#tracked.get(sessionId)?.slot?.connectionChanged(open);
  }

  /** Re-evaluates eligibility after a configuration change. */
  reevaluate(): Promise<void> {
    return this.#enqueue(async () => {
      for (const tracked of this.#tracked.values()) await this.#reconcile(tracked);
    });
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.then(
      () => undefined,
      (error: unknown) => {
        if (!(error instanceof TandemError)) this.#deps.log.error({ err: error }, 'session handling failed');
      },
    );
    return run;
  }

  async #apply(event: SessionEvent): Promise<void> {
    if (this.#stopped) return;
    const { sessionId, kind } = event;
    this.#deps.log.debug({ sessionId, kind }, 'session event');
    if (kind === 'logoff') {
      this.#lateLogons.forget(sessionId);
      const tracked = this.#tracked.get(sessionId);
      if (tracked === undefined) return;
      this.#tracked.delete(sessionId);
      await this.#retire(tracked, 'logoff');
      this.#changed();
      return;
    }
    // Every other event may be the first we hear of a session (or of a new logon reusing its id).
    await this.#learn(sessionId, kind === 'logon');
  }

  /**
   * Asks the platform about a session and acts on the answer. A session without a user is waited
   * for only after its LOGON: a logon screen at the console has no user either, and never will.
   */
  async #learn(sessionId: number, loggingOn: boolean): Promise<void> {
    const probe = await this.#deps.platform.sessions.probe(sessionId);
    if (probe.kind === 'present') {
      this.#lateLogons.forget(sessionId);
      await this.#add(probe.session);
    } else if (probe.kind === 'no-user-yet' && (loggingOn || this.#lateLogons.has(sessionId)) && !this.#tracked.has(sessionId)) {
      // A logon still loading its user: not a failure, ask again shortly.
      const waiting = this.#lateLogons.wait(sessionId);
      this.#deps.log.info({ sessionId, attempt: this.#lateLogons.attempts(sessionId) }, waiting ? "the session's user token is not available yet; asking again" : 'gave up waiting for the user token of the session');
    }
  }

  async #askAgain(sessionId: number): Promise<void> {
    if (this.#stopped || !this.#lateLogons.has(sessionId)) return;
    await this.#learn(sessionId, false);
  }

  /** Whether the logon `logonId` still has session `sessionId`; if not, it is retired as if its logoff had come. */
  async #sessionLives(sessionId: number, logonId: string): Promise<boolean> {
    if (this.#stopped) return false;
    let probe;
    try {
      probe = await this.#deps.platform.sessions.probe(sessionId);
    } catch (error) {
      this.#deps.log.warn({ sessionId, err: error }, 'cannot tell whether the session is still there; assuming it is');
      return true;
    }
    if (probe.kind === 'present' && probe.session.logonId === logonId) return true;
    void this.#enqueue(async () => {
      const tracked = this.#tracked.get(sessionId);
      if (tracked === undefined || tracked.session.logonId !== logonId) return;
      this.#deps.log.info({ sessionId, user: tracked.session.user }, 'the session has ended (its logoff notification has not come yet); retiring its agent');
      this.#tracked.delete(sessionId);
      await this.#retire(tracked, 'logoff');
    });
    return false;
  }

  async #add(session: Session): Promise<void> {
    const existing = this.#tracked.get(session.id);
    if (existing !== undefined && existing.session.logonId === session.logonId) {
      existing.session = session; // lock, unlock, connect, disconnect: same logon, new state
      this.#changed();
      return;
    }
    if (existing !== undefined) {
      // The id was reused by a new logon whose logoff we never saw: the old agent belongs to a
      // session that no longer exists, and its endpoint was bound to the old user.
      this.#deps.log.warn({ sessionId: session.id, previous: existing.session.user, user: session.user }, 'session id reused by a new logon');
      this.#tracked.delete(session.id);
      await this.#retire(existing, 'logoff');
    }
    const tracked: Tracked = { session, since: Date.now(), eligible: false, slot: undefined, endpoint: undefined };
    this.#tracked.set(session.id, tracked);
    this.#deps.log.info({ sessionId: session.id, user: session.user, remote: session.remote }, 'session tracked');
    await this.#reconcile(tracked);
    this.#changed();
  }

  /** Starts or stops the session's agent according to eligibility. */
  async #reconcile(tracked: Tracked): Promise<void> {
    tracked.eligible = await this.#isEligible(tracked.session);
    if (tracked.eligible && tracked.slot === undefined) {
      const endpoint = this.#deps.platform.endpoints.agent(tracked.session);
      await this.#deps.link.attach(endpoint);
      tracked.endpoint = endpoint;
      tracked.slot = this.#slot(tracked.session, endpoint);
      tracked.slot.start();
    } else if (!tracked.eligible && tracked.slot !== undefined) {
      await this.#retire(tracked, 'ineligible');
    }
  }

  async #isEligible(session: Session): Promise<boolean> {
    const rule = this.#deps.config().agents.eligibility;
    if (rule.mode === 'all') return true;
    if (rule.mode === 'none') return false;
    try {
      return await this.#deps.platform.sessions.isMember(session, rule.group);
    } catch (error) {
      this.#deps.log.warn({ sessionId: session.id, group: rule.group, err: error }, 'group membership unknown; treating the session as not eligible');
      return false;
    }
  }

  #slot(session: Session, endpoint: AgentEndpoint): AgentSlot {
    return new AgentSlot({
      session,
      endpoint: endpoint.address,
      launcher: this.#deps.platform.launcher,
      clock: this.#deps.clock,
      log: this.#deps.log,
      policy: () => this.#deps.config().agents,
      requestShutdown: (cause) => this.#deps.link.requestShutdown(session.id, cause),
      onChange: () => this.#changed(),
      checkSession: () => this.#sessionLives(session.id, session.logonId),
    });
  }

  /** Stops the session's agent and closes its endpoint; status shows it `stopping` until then. */
  async #retire(tracked: Tracked, cause: StopCause, timeoutMs?: number): Promise<void> {
    const { slot, endpoint } = tracked;
    await slot?.stop(cause, timeoutMs);
    if (endpoint !== undefined) await this.#deps.link.detach(endpoint, tracked.session.id);
    tracked.slot = undefined;
    tracked.endpoint = undefined;
    this.#changed();
  }

  #changed(): void {
    this.#deps.onChange?.();
  }
}
