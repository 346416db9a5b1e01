/**
 * Tray actions, run on request: the one path from a user's click to a program running as
 * SYSTEM, so everything about a run comes from the administrator's definition and the
 * authenticated connection, nothing from the request but the action's id. A request is checked
 * (the id is defined, the session is tracked, the gate admits it, the platform accepts the
 * program again), audited, answered, then run by the platform's ActionRunner; the session and the
 * administrators are told when it starts and how it ended.
 *
 * What reaches a user (events, errors, log lines with their session id) never holds the program
 * or its arguments, nor the platform's words about them; administrators get those in their
 * answers, in `actions history` and in the audit log.
 */
import {
  ACTION_OUTPUT_MAX_CHARS,
  ACTION_SUMMARY_MAX_CHARS,
  describeError,
  isTandemError,
  TandemError,
  type ActionFinished,
  type ActionOutcome,
  type ActionRunRecord,
  type ActionStarted,
  type Config,
  type EventData,
  type Events,
  type SessionInfo,
  type TrayAction,
} from '@tandem/shared';
import type { Logger } from 'pino';
import type { ActionRunner, ActionRunResult, Session } from '../platform/platform.js';
import { ActionGate, type GateTicket } from './action-gate.js';
import { ActionHistory } from './action-history.js';
import { outputTail } from './action-output.js';
import type { ActionAuditEntry, AuditCaller, AuditLog } from './audit-log.js';
import { raceTimer, type Clock } from './clock.js';
import { KeyedLogRateLimits, type LogRateLimits } from './log-rate-limit.js';

export interface ActionLimits {
  /** Runs on the whole computer at once. */
  readonly maxConcurrentRuns: number;
  /** Output kept of each run (ActionRunSpec.outputLimitBytes). */
  readonly outputLimitBytes: number;
  /** At service stop, how long runs may take to end once told to. */
  readonly stopGraceMs: number;
}

export const DEFAULT_ACTION_LIMITS: ActionLimits = Object.freeze({ maxConcurrentRuns: 4, outputLimitBytes: 64 * 1024, stopGraceMs: 2_000 });

/**
 * Refusals written to the audit log per session: 20 at once, then one a second. A user can ask
 * as fast as the request rate allows, and each audit line is flushed to disk; the ones over the
 * rate are counted in the next line written.
 */
const REFUSAL_AUDIT_LIMITS: LogRateLimits = Object.freeze({ burstLines: 20, linesPerSecond: 1, burstBytes: Number.MAX_SAFE_INTEGER, bytesPerSecond: Number.MAX_SAFE_INTEGER });

type ActionEvent = 'action.started' | 'action.finished';

export interface TrayActionsOptions {
  readonly runner: ActionRunner;
  readonly config: () => Config;
  /** The tracked session with this id, if any. */
  readonly session: (sessionId: number) => Session | undefined;
  readonly audit: AuditLog;
  readonly log: Logger;
  readonly clock: Clock;
  /** Sends an event to the connections of `sessionId` and to the administrators'. */
  readonly tell: <K extends ActionEvent>(sessionId: number, event: K, data: EventData<Events, K>) => void;
  readonly limits?: Partial<ActionLimits>;
}

/** A run being decided on: what it is and who asked. */
interface Run {
  readonly runId: string;
  readonly action: TrayAction;
  readonly session: Session;
  readonly caller: AuditCaller;
  readonly by: 'user' | 'admin';
  readonly startedAt: Date;
}

let runCounter = 0;

export class TrayActions {
  readonly #options: TrayActionsOptions;
  readonly #limits: ActionLimits;
  readonly #gate: ActionGate;
  readonly #history = new ActionHistory();
  readonly #inFlight = new Map<string, { readonly abort: AbortController; readonly done: Promise<void> }>();
  readonly #refusalLimits: KeyedLogRateLimits<number>;
  #stopping = false;

  constructor(options: TrayActionsOptions) {
    this.#options = options;
    this.#limits = { ...DEFAULT_ACTION_LIMITS, ...options.limits };
    this.#gate = new ActionGate(options.clock, this.#limits.maxConcurrentRuns);
    // Session ids come and go; forget them all rather than grow without bound.
    this.#refusalLimits = new KeyedLogRateLimits(options.clock, REFUSAL_AUDIT_LIMITS, 1_024);
  }

  /** The definitions in force and the runs in progress. */
  list(): { actions: TrayAction[]; running: ActionRunRecord[] } {
    return { actions: this.#options.config().tray.actions, running: this.#history.running() };
  }

  history(limit: number): ActionRunRecord[] {
    return this.#history.latest(limit);
  }

  /**
   * Starts action `actionId` for `sessionId`, asked by `caller` (authenticated by the platform);
   * settles once it runs, or throws a TandemError saying why it will not. A user's error never
   * names the program; an administrator's does.
   */
  async request(actionId: string, sessionId: number, caller: AuditCaller): Promise<ActionStarted> {
    if (this.#stopping) throw new TandemError('E_UNAVAILABLE', 'the Tandem service is stopping; try again once it is back');
    const action = this.#options.config().tray.actions.find((candidate) => candidate.id === actionId);
    if (action === undefined) throw new TandemError('E_NOT_FOUND', `no action \`${actionId}\` is defined; an administrator defines them in tray.actions`);
    const session = this.#options.session(sessionId);
    if (session === undefined) throw new TandemError('E_NOT_FOUND', `session ${sessionId} is not tracked by the service`);
    const by = caller.role === 'admin' ? 'admin' : 'user';
    const run: Run = { runId: nextRunId(this.#options.clock), action, session, caller, by, startedAt: new Date(this.#options.clock.now()) };

    let ticket: GateTicket;
    try {
      ticket = this.#gate.admit(sessionId, action.id, action.label, by === 'admin');
    } catch (error) {
      // The gate's words name nothing but the action's label: the same for everyone.
      throw await this.#refuse(run, error, error instanceof Error ? error.message : String(error));
    }
    try {
      await this.#options.runner.checkProgram(action.program);
    } catch (error) {
      ticket.release(0);
      const why = isTandemError(error, 'E_NOT_SUPPORTED')
        ? 'this computer cannot run tray actions yet'
        : 'its program cannot be used at the moment; your administrator can see why in the service';
      throw await this.#refuse(run, error, `${action.label} was not run: ${why}`);
    }
    try {
      await this.#audit(run, 'action.started', {});
    } catch (error) {
      ticket.release(0);
      this.#options.log.error({ err: error, runId: run.runId }, 'the audit log cannot be written; the action was not run');
      throw new TandemError('E_UNAVAILABLE', `${action.label} was not run: the service cannot write its audit log`);
    }
    const started: ActionStarted = { runId: run.runId, actionId: action.id, label: action.label, sessionId, by, startedAt: run.startedAt.toISOString() };
    this.#history.add(this.#record(run, null));
    this.#options.log.info({ sessionId, runId: run.runId, action: action.id, runAs: action.runAs, by }, 'tray action started');
    this.#options.tell(sessionId, 'action.started', started);
    const abort = new AbortController();
    const done = this.#execute(run, ticket, abort.signal).finally(() => this.#inFlight.delete(run.runId));
    this.#inFlight.set(run.runId, { abort, done });
    return started;
  }

  /** Refuses new requests, ends the runs in progress and waits a little for their records. */
  async stop(): Promise<void> {
    this.#stopping = true;
    const runs = [...this.#inFlight.values()];
    for (const run of runs) run.abort.abort();
    if (runs.length === 0) return;
    const ended = await raceTimer(this.#options.clock, this.#limits.stopGraceMs, Promise.all(runs.map((run) => run.done)));
    if (!ended.done) this.#options.log.warn({ runs: runs.length }, 'tray actions did not end in time at stop; their runs are recorded as started only');
  }

  /** Runs the program; never rejects (it runs detached from the request that started it). */
  async #execute(run: Run, ticket: GateTicket, signal: AbortSignal): Promise<void> {
    const { action, session } = run;
    let result: ActionRunResult;
    try {
      result = await this.#options.runner.run({
        program: action.program,
        args: action.args,
        runAs: action.runAs,
        session,
        timeLimitMs: action.timeLimitMs,
        outputLimitBytes: this.#limits.outputLimitBytes,
        signal,
      });
    } catch (error) {
      // The contract says a runner settles rather than rejects; a bug must still end the run.
      result = { outcome: 'failed-to-start', exitCode: null, output: '', outputBytes: 0, durationMs: 0, error: describeError(error) };
    }
    const outcome = outcomeOf(result, signal.aborted);
    const forUser = userReason(outcome, result, action);
    const finished: ActionFinished = {
      runId: run.runId,
      actionId: action.id,
      label: action.label,
      sessionId: session.id,
      outcome,
      exitCode: result.outcome === 'exited' ? result.exitCode : null,
      reason: forUser,
      summary: outputTail(result.output, ACTION_SUMMARY_MAX_CHARS),
      outputBytes: result.outputBytes,
      durationMs: Math.max(0, Math.round(result.durationMs)),
      finishedAt: new Date(this.#options.clock.now()).toISOString(),
    };
    const reason = result.error ?? forUser ?? undefined;
    try {
      await this.#audit(run, 'action.finished', {
        outcome,
        exitCode: finished.exitCode,
        durationMs: finished.durationMs,
        outputBytes: finished.outputBytes,
        ...(reason === undefined ? {} : { reason }),
      });
    } catch (error) {
      this.#options.log.error({ err: error, runId: run.runId }, 'the end of a tray action could not be written to the audit log');
    }
    this.#history.update({
      ...this.#record(run, finished),
      reason: reason ?? null,
      output: outputTail(result.output, ACTION_OUTPUT_MAX_CHARS),
    });
    ticket.release(outcome === 'cancelled' ? 0 : action.cooldownMs);
    this.#options.log.info(
      { sessionId: session.id, runId: run.runId, action: action.id, outcome, exitCode: finished.exitCode, durationMs: finished.durationMs, outputBytes: finished.outputBytes },
      'tray action finished',
    );
    this.#options.tell(session.id, 'action.finished', finished);
  }

  /**
   * Records and announces a refused request; returns the error for the requester: the detail for
   * an administrator, `forUser` (a sentence that never names the program) for a user. Refusals
   * are audited up to a rate per session.
   */
  async #refuse(run: Run, error: unknown, forUser: string): Promise<TandemError> {
    const detail = describeError(error);
    const code = isTandemError(error) ? error.code : 'E_FORBIDDEN';
    const { action, session } = run;
    const limit = this.#refusalLimits.get(session.id);
    if (limit.admit()) {
      const unrecorded = limit.takeDropped()?.lines;
      // Without the session id: the detail may name the program, and such lines are the user's to read.
      this.#options.log.warn({ runId: run.runId, action: action.id, by: run.by }, `tray action refused: ${detail}`);
      try {
        await this.#audit(run, 'action.refused', { outcome: 'refused', reason: detail, ...(unrecorded === undefined ? {} : { unrecordedRefusals: unrecorded }) });
      } catch (auditError) {
        this.#options.log.error({ err: auditError, runId: run.runId }, 'a refused tray action could not be written to the audit log');
      }
      const finishedAt = new Date(this.#options.clock.now()).toISOString();
      this.#history.add({ ...this.#record(run, null), outcome: 'refused', reason: detail, durationMs: 0, finishedAt });
    }
    this.#options.tell(session.id, 'action.finished', {
      runId: run.runId,
      actionId: action.id,
      label: action.label,
      sessionId: session.id,
      outcome: 'refused',
      exitCode: null,
      reason: forUser,
      summary: '',
      outputBytes: 0,
      durationMs: 0,
      finishedAt: new Date(this.#options.clock.now()).toISOString(),
    });
    if (run.by === 'admin') return new TandemError(code, `${action.id}: ${detail}`, { cause: error });
    return new TandemError(code === 'E_NOT_SUPPORTED' || code === 'E_CONFLICT' ? code : 'E_FORBIDDEN', forUser);
  }

  #audit(run: Run, kind: ActionAuditEntry['action'], outcome: Partial<ActionAuditEntry>): Promise<void> {
    const { action, session } = run;
    return this.#options.audit.append({
      at: new Date(this.#options.clock.now()).toISOString(),
      caller: run.caller,
      action: kind,
      runId: run.runId,
      actionId: action.id,
      sessionId: session.id,
      runAs: action.runAs,
      program: action.program,
      args: action.args,
      ...outcome,
    });
  }

  #record(run: Run, finished: ActionFinished | null): ActionRunRecord {
    const { caller } = run;
    return {
      runId: run.runId,
      actionId: run.action.id,
      label: run.action.label,
      sessionId: run.session.id,
      runAs: run.action.runAs,
      requester: { account: caller.account, endpoint: caller.endpoint, role: run.by, pid: caller.pid, client: caller.client },
      startedAt: run.startedAt.toISOString(),
      outcome: finished?.outcome ?? null,
      exitCode: finished?.exitCode ?? null,
      reason: finished?.reason ?? null,
      output: '',
      outputBytes: finished?.outputBytes ?? 0,
      durationMs: finished?.durationMs ?? null,
      finishedAt: finished?.finishedAt ?? null,
    };
  }
}

function nextRunId(clock: Clock): string {
  return `${clock.now().toString(36)}-${(++runCounter).toString(36)}`;
}

function outcomeOf(result: ActionRunResult, cancelled: boolean): ActionOutcome {
  if (cancelled) return 'cancelled';
  if (result.outcome === 'timed-out') return 'timed-out';
  return result.outcome === 'exited' && result.exitCode === 0 ? 'succeeded' : 'failed';
}

/** Why it ended, in a user's words; null when the outcome and exit code say it all. */
function userReason(outcome: ActionOutcome, result: ActionRunResult, action: TrayAction): string | null {
  switch (outcome) {
    case 'cancelled':
      return 'the Tandem service stopped while it ran, and ended it';
    case 'timed-out':
      return `it did not finish within ${Math.round(action.timeLimitMs / 1000)} s and was ended`;
    case 'failed':
      if (result.outcome === 'failed-to-start') return 'its program could not be started; your administrator can see why in the service';
      return result.exitCode === null ? 'its program was ended from outside before it finished' : null;
    default:
      return null;
  }
}

/**
 * The session an administrator's `actions run` means when it names none: the only session, else
 * the one at the console that is active. Anything else is ambiguous and says which to choose.
 */
export function defaultActionSession(sessions: readonly SessionInfo[]): number {
  const only = sessions.length === 1 ? sessions[0] : undefined;
  if (only !== undefined) return only.id;
  if (sessions.length === 0) throw new TandemError('E_NOT_FOUND', 'nobody is logged on: there is no session to run the action in');
  const atConsole = sessions.filter((session) => session.console && session.state === 'active');
  const chosen = atConsole.length === 1 ? atConsole[0] : undefined;
  if (chosen !== undefined) return chosen.id;
  throw new TandemError('E_INVALID_PARAMS', `several sessions are logged on (${sessions.map((session) => session.id).join(', ')}); say which with --session <id>`);
}
