/** In-memory fakes of the platform interfaces and of time, for the core's unit tests. */
import { pino } from 'pino';
import { TandemError } from '@tandem/shared';
import type { ActionRunner, ActionRunResult, ActionRunSpec, AgentEndpoint, AgentExit, AgentLauncher, AgentProcess, LaunchSpec, Session } from '../../src/platform/platform.js';
import type { AgentLink } from '../../src/core/agent-supervisor.js';
import type { Clock, Timer } from '../../src/core/clock.js';
import type { Listener } from '@tandem/shared';

export const silentLogger = pino({ level: 'silent' });

/** Lets pending promise callbacks and I/O callbacks run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class FakeClock implements Clock {
  #now = 0;
  #timers: Array<{ at: number; fn: () => void; live: boolean }> = [];

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): Timer {
    const timer = { at: this.#now + ms, fn, live: true };
    this.#timers.push(timer);
    return { cancel: () => void (timer.live = false) };
  }

  get pending(): number {
    return this.#timers.filter((t) => t.live).length;
  }

  /** Moves time forward, firing due timers in order and letting their work settle. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      due.live = false;
      this.#now = due.at;
      due.fn();
      await settle();
    }
    this.#now = end;
    this.#timers = this.#timers.filter((t) => t.live);
    await settle();
  }
}

export class FakeProcess implements AgentProcess {
  readonly pid: number;
  readonly session: Session;
  readonly exited: Promise<AgentExit>;
  alive = true;
  #resolve: (exit: AgentExit) => void = () => undefined;

  constructor(pid: number, session: Session) {
    this.pid = pid;
    this.session = session;
    this.exited = new Promise((resolve) => (this.#resolve = resolve));
  }

  terminate(): void {
    this.exit(null, 'SIGKILL');
  }

  exit(code: number | null, signal: string | null = null): void {
    if (!this.alive) return;
    this.alive = false;
    this.#resolve({ code, signal });
  }
}

export class FakeLauncher implements AgentLauncher {
  readonly processes: FakeProcess[] = [];
  #pid = 1000;
  /** When set, the next launches fail with this error. */
  failWith: Error | undefined;
  /** Launches begun and not yet finished. */
  pending = 0;
  #gate: Promise<void> | undefined;
  #openGate: () => void = () => undefined;

  /** Holds every launch until the returned function is called, so a test can act meanwhile. */
  hold(): () => void {
    this.#gate = new Promise((resolve) => (this.#openGate = resolve));
    return () => {
      this.#gate = undefined;
      this.#openGate();
    };
  }

  /** The spec of the last launch, so a test can play the agent's output. */
  lastSpec: LaunchSpec | undefined;

  async launch(session: Session, spec: LaunchSpec): Promise<AgentProcess> {
    this.lastSpec = spec;
    this.pending++;
    try {
      await settle();
      await this.#gate;
    } finally {
      this.pending--;
    }
    if (this.failWith !== undefined) throw this.failWith;
    const process = new FakeProcess(++this.#pid, session);
    this.processes.push(process);
    return process;
  }

  alive(sessionId?: number): FakeProcess[] {
    return this.processes.filter((p) => p.alive && (sessionId === undefined || p.session.id === sessionId));
  }
}

export class FakeLink implements AgentLink {
  readonly attached = new Set<string>();
  /** Whether agents count as connected, so a shutdown request reaches them. */
  connected = false;
  /** What a connected agent does when asked to shut down. */
  onShutdown: (sessionId: number) => void = () => undefined;

  async attach(endpoint: AgentEndpoint): Promise<void> {
    if (this.attached.has(endpoint.address)) throw new Error(`endpoint ${endpoint.address} attached twice`);
    this.attached.add(endpoint.address);
  }

  async detach(endpoint: AgentEndpoint): Promise<void> {
    this.attached.delete(endpoint.address);
  }

  requestShutdown(sessionId: number): boolean {
    if (!this.connected) return false;
    this.onShutdown(sessionId);
    return true;
  }
}

export const fakeEndpoints = {
  admin: (): Listener => {
    throw new Error('no admin endpoint in this fake');
  },
  agent: (session: Session): AgentEndpoint => {
    const address = `fake://agent-${session.id}-${session.logonId}`;
    return { address, listener: { address, listen: async () => undefined, close: async () => undefined } };
  },
};

/** A run the fake runner was asked for; the test ends it. */
export interface FakeRun {
  readonly spec: ActionRunSpec;
  /** Ends the run: exit 0 with no output unless told otherwise. */
  finish(result?: Partial<ActionRunResult>): void;
  readonly settled: boolean;
}

/** An ActionRunner whose programs run until the test says how they ended. */
export class FakeActionRunner implements ActionRunner {
  readonly runs: FakeRun[] = [];
  /** Every program checked, in order. */
  readonly checked: string[] = [];
  /** Programs refused by checkProgram, with the error. */
  readonly refused = new Map<string, TandemError>();

  async checkProgram(program: string): Promise<void> {
    this.checked.push(program);
    const error = this.refused.get(program);
    if (error !== undefined) throw error;
  }

  run(spec: ActionRunSpec): Promise<ActionRunResult> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: Partial<ActionRunResult> = {}): void => {
        if (settled) return;
        settled = true;
        resolve({ outcome: 'exited', exitCode: 0, output: '', outputBytes: 0, durationMs: 5, ...result });
      };
      // Like a real runner: ending the run when the service stops reports it as timed out.
      spec.signal?.addEventListener('abort', () => finish({ outcome: 'timed-out', exitCode: null }));
      this.runs.push({
        spec,
        finish,
        get settled() {
          return settled;
        },
      });
    });
  }

  /** Runs still going. */
  get live(): FakeRun[] {
    return this.runs.filter((run) => !run.settled);
  }
}
