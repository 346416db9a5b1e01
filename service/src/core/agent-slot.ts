/**
 * Supervision of one session's agent: launch, watch, restart with backoff (initial delay
 * doubling to a cap, reset after a healthy run), give up on a crash loop, and stop gracefully
 * (ask over the pipe, then terminate). One slot per tracked logon; the supervisor owns it.
 *
 * Windows ends a session's processes before the service hears of the logoff, so an exit is not
 * trusted as a crash: an exit status that says the session is ending is not counted, and before
 * any relaunch the slot asks whether its logon is still there (`checkSession`).
 */
import { backoffDelay, type AgentInfo, type AgentState, type Config } from '@tandem/shared';
import type { Logger } from 'pino';
import type { AgentExit, AgentLauncher, AgentProcess, Session } from '../platform/platform.js';
import type { Clock, Timer } from './clock.js';
import { raceTimer } from './clock.js';
import { AGENT_OUTPUT_LIMITS, LogRateLimit } from './log-rate-limit.js';
import { hexStatus, sessionEndingStatus } from './session-ending-exit.js';

/**
 * After an exit that says the session is ending, how long to wait for the logoff notification
 * before asking whether the session is really going (REAL-WINDOWS-REVIEW finding 10: ≥ 5 s).
 */
export const SESSION_END_GRACE_MS = 5_000;

export type StopCause = 'logoff' | 'service-stop' | 'restart' | 'ineligible';

export interface AgentSlotDeps {
  readonly session: Session;
  readonly endpoint: string;
  readonly launcher: AgentLauncher;
  readonly clock: Clock;
  readonly log: Logger;
  /** The live restart policy; read at every decision so config.set applies at once. */
  readonly policy: () => Config['agents'];
  /** Asks the connected agent to exit; false when it is not connected. */
  readonly requestShutdown: (cause: StopCause) => boolean;
  /** Called whenever what status() reports has changed. */
  readonly onChange: () => void;
  /** True while this slot's logon is still present; asked before every relaunch. */
  readonly checkSession: () => Promise<boolean>;
}

export class AgentSlot {
  readonly session: Session;
  readonly #deps: AgentSlotDeps;
  #state: AgentState = 'stopped';
  #process: AgentProcess | undefined;
  #startedAt = 0;
  #restarts = 0;
  #fastFailures = 0;
  #lastExit: AgentInfo['lastExit'] = null;
  #nextRestartAt: number | undefined;
  #timer: Timer | undefined;
  /** Whether the slot should have a running agent; exits while false are not failures. */
  #wanted = false;
  #quit = false;
  /** Bumped by every start and stop, so a launch that finishes late knows it is stale. */
  #generation = 0;
  #connections = 0;
  /** The launch under way, so stop() can wait for a late process and end it too. */
  #launching: Promise<void> | undefined;
  /** Output lines reach the log at a bounded rate, whatever the agent's user makes it write. */
  readonly #outputLimit: LogRateLimit;

  constructor(deps: AgentSlotDeps) {
    this.session = deps.session;
    this.#deps = deps;
    this.#outputLimit = new LogRateLimit(deps.clock, AGENT_OUTPUT_LIMITS);
  }

  get state(): AgentState {
    return this.#state;
  }

  get pid(): number | null {
    return this.#process?.pid ?? null;
  }

  info(): AgentInfo {
    return {
      sessionId: this.session.id,
      state: this.#state,
      pid: this.pid,
      connected: this.#connections > 0,
      restarts: this.#restarts,
      nextRestartAt: this.#nextRestartAt === undefined ? null : new Date(this.#nextRestartAt).toISOString(),
      lastExit: this.#lastExit,
    };
  }

  /** Makes sure an agent runs, unless the user quit or it is crash-looping (restart() overrides). */
  start(): void {
    if (this.#quit || this.#state === 'crash-loop') return;
    this.#wanted = true;
    if (this.#process === undefined && this.#launching === undefined && this.#state !== 'backoff') this.#beginLaunch();
  }

  /**
   * The session is known to be present (a listing after start or resume): an agent that should
   * run and does not, runs now, without waiting out a backoff. Quit and crash-loop holds stay.
   */
  revive(): void {
    if (this.#quit || this.#state === 'crash-loop' || this.#process !== undefined || this.#launching !== undefined) return;
    this.#cancelBackoff();
    this.#wanted = true;
    this.#beginLaunch();
  }

  /** An explicit relaunch (admin, or a new logon): clears quit and crash-loop holds. */
  async restart(): Promise<void> {
    await this.stop('restart');
    this.#quit = false;
    this.#fastFailures = 0;
    this.#setState('stopped');
    this.start();
  }

  /** The user quit from the tray: no relaunch in this session until restart() or the next logon. */
  markQuit(): void {
    this.#quit = true;
    this.#wanted = false;
    this.#cancelBackoff();
    if (this.#process === undefined) this.#setState('quit');
  }

  connectionChanged(open: boolean): void {
    this.#connections = Math.max(0, this.#connections + (open ? 1 : -1));
    this.#deps.onChange();
  }

  /**
   * Stops the agent: asks it over the pipe, then terminates it after the stop timeout (or
   * `timeoutMs`, shorter at shutdown so that any number of agents stop within the SCM's limit).
   */
  async stop(cause: StopCause, timeoutMs?: number): Promise<void> {
    this.#wanted = false;
    this.#generation++;
    this.#cancelBackoff();
    await this.#launching;
    const process = this.#process;
    if (process === undefined) {
      if (this.#state !== 'quit' && this.#state !== 'crash-loop') this.#setState('stopped');
      return;
    }
    this.#setState('stopping');
    const asked = this.#deps.requestShutdown(cause);
    const timeout = Math.min(timeoutMs ?? Number.POSITIVE_INFINITY, this.#deps.policy().stopTimeoutMs);
    const outcome = asked ? await raceTimer(this.#deps.clock, timeout, process.exited) : { done: false };
    if (!outcome.done) {
      this.#deps.log.info({ sessionId: this.session.id, agentPid: process.pid, asked }, asked ? 'agent did not exit in time; terminating' : 'agent not connected; terminating');
      process.terminate();
    }
    await process.exited;
  }

  #beginLaunch(): void {
    const launching = this.#launch().finally(() => {
      if (this.#launching === launching) this.#launching = undefined;
    });
    this.#launching = launching;
  }

  async #launch(): Promise<void> {
    const generation = ++this.#generation;
    this.#nextRestartAt = undefined;
    this.#setState('starting');
    const { session, endpoint, launcher, log } = this.#deps;
    let process: AgentProcess;
    try {
      process = await launcher.launch(session, {
        endpoint,
        onOutput: (stream, line) => this.#output(stream, line),
      });
    } catch (error) {
      log.error({ sessionId: session.id, err: error }, 'agent launch failed');
      if (generation === this.#generation) this.#failed(this.#deps.clock.now());
      return;
    }
    if (generation !== this.#generation || !this.#wanted) {
      // Stopped while the launch was under way: this process is not wanted.
      process.terminate();
      await process.exited;
      return;
    }
    this.#process = process;
    this.#startedAt = this.#deps.clock.now();
    log.info({ sessionId: session.id, agentPid: process.pid, user: session.user }, 'agent started');
    this.#setState('running');
    void process.exited.then((exit) => this.#exited(process, exit));
  }

  #output(stream: 'stdout' | 'stderr', line: string): void {
    if (!this.#outputLimit.admit(Buffer.byteLength(line))) return;
    this.#reportDropped();
    this.#deps.log.info({ sessionId: this.session.id, stream }, `agent: ${line}`);
  }

  #reportDropped(): void {
    const dropped = this.#outputLimit.takeDropped();
    if (dropped !== undefined) this.#deps.log.warn({ sessionId: this.session.id, ...dropped }, 'agent output over the rate limit was dropped');
  }

  #exited(process: AgentProcess, exit: AgentExit): void {
    if (this.#process !== process) return;
    this.#reportDropped();
    this.#process = undefined;
    // The connection count is left alone: the dead agent's socket reports its own close.
    const now = this.#deps.clock.now();
    this.#lastExit = { code: exit.code, signal: exit.signal, at: new Date(now).toISOString() };
    const fields = { sessionId: this.session.id, agentPid: process.pid, ...exit };
    if (this.#quit) {
      this.#deps.log.info(fields, 'agent exited after the user quit; not relaunching in this session');
      this.#setState('quit');
      return;
    }
    if (!this.#wanted) {
      this.#deps.log.info(fields, 'agent stopped');
      this.#setState('stopped');
      return;
    }
    const ending = sessionEndingStatus(exit);
    if (ending !== undefined) {
      this.#deps.log.info({ ...fields, status: ending }, 'agent ended because its session is logging off or the machine is shutting down; not a crash, not relaunched');
      this.#setState('stopped');
      this.#schedule(SESSION_END_GRACE_MS, () => this.#afterSessionEndingExit(exit));
      return;
    }
    this.#deps.log.warn(fields, 'agent exited unexpectedly');
    // A run that lasted long enough was healthy: the backoff starts over.
    if (now - this.#startedAt >= this.#deps.policy().healthyAfterMs) this.#fastFailures = 0;
    this.#failed(now);
  }

  /** Counts a failure and schedules the restart, or declares a crash loop. */
  #failed(now: number): void {
    const policy = this.#deps.policy();
    this.#fastFailures++;
    if (this.#fastFailures >= policy.crashLoopFailures) {
      this.#deps.log.error({ sessionId: this.session.id, failures: this.#fastFailures }, 'agent is crash-looping; restarts stopped until an explicit restart');
      this.#setState('crash-loop');
      return;
    }
    const delay = backoffDelay({ initialMs: policy.restartInitialDelayMs, maxMs: policy.restartMaxDelayMs, jitter: 0 }, this.#fastFailures - 1);
    this.#nextRestartAt = now + delay;
    this.#schedule(delay, () => this.#relaunchIfSessionLives());
    this.#setState('backoff');
  }

  #schedule(delay: number, fn: () => Promise<void>): void {
    this.#timer = this.#deps.clock.setTimer(delay, () => {
      this.#timer = undefined;
      void fn();
    });
  }

  /** The backoff is over: relaunch, unless the session went meanwhile (its logoff may still be on its way). */
  async #relaunchIfSessionLives(): Promise<void> {
    const generation = this.#generation;
    const lives = await this.#deps.checkSession();
    if (generation !== this.#generation || !this.#wanted || this.#process !== undefined || this.#launching !== undefined) return;
    if (!lives) {
      this.#deps.log.info({ sessionId: this.session.id }, 'session is ending; the agent is not relaunched');
      this.#nextRestartAt = undefined;
      this.#setState('stopped');
      return;
    }
    this.#restarts++;
    this.#beginLaunch();
  }

  /** No logoff came within the grace: if the session is still there after all, the exit was a failure. */
  async #afterSessionEndingExit(exit: AgentExit): Promise<void> {
    const generation = this.#generation;
    const lives = await this.#deps.checkSession();
    if (generation !== this.#generation || !this.#wanted || !lives || this.#process !== undefined || this.#launching !== undefined) return;
    this.#deps.log.warn({ sessionId: this.session.id, code: exit.code === null ? null : hexStatus(exit.code) }, 'the session is still there after the agent ended as if logging off; counting it as a failure');
    this.#failed(this.#deps.clock.now());
  }

  #cancelBackoff(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#nextRestartAt = undefined;
  }

  #setState(state: AgentState): void {
    this.#state = state;
    this.#deps.onChange();
  }
}
