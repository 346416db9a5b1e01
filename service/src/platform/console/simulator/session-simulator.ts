/**
 * The session simulator: what `tandemctl simulate …` drives in `tandem-service console
 * --sessions N`. Each scenario changes the simulated machine and sends the service, in order,
 * the notifications Windows sends a service for it: SESSIONCHANGE reasons, POWEREVENTs, and
 * PRESHUTDOWN; and it ends agent processes where Windows ends them (before a logoff is told).
 * Scenarios run one at a time. The sequences are written down in README.md's scenario table.
 */
import { TandemError, type SimulateParams, type SimulateResult } from '@tandem/shared';
import type { Clock } from '../../../core/clock.js';
import { hexStatus, SESSION_ENDING_STATUS } from '../../../core/session-ending-exit.js';
import type { Disposable, HostControl, HostControlSource, SessionSimulatorControl } from '../../platform.js';
import { PBT, PowerNotices, type PbtName } from '../../windows/power-events.js';
import type { WtsReasonName } from '../../windows/wts-reasons.js';
import type { SimSession, SimulatedMachine } from './simulated-machine.js';

export const SIMULATION_TIMING = {
  /** From Windows ending a session's processes to the LOGOFF notification (longer than the first restart delay, on purpose). */
  logoffNoticeMs: 1_500,
  /** How long Windows lets an app hold up sign-out before ending it (HungAppTimeout). */
  busyAppMs: 5_000,
} as const;

export interface SimulatorDeps {
  readonly machine: SimulatedMachine;
  readonly clock: Clock;
  /** Ends the session's agent processes as Windows does; they report `status`. Returns how many. */
  readonly endProcesses: (sessionId: number, status: number) => number;
  readonly timing?: { readonly logoffNoticeMs: number; readonly busyAppMs: number };
}

export class SessionSimulator implements SessionSimulatorControl, HostControlSource {
  readonly #deps: SimulatorDeps;
  readonly #timing: { readonly logoffNoticeMs: number; readonly busyAppMs: number };
  readonly #listeners = new Set<(control: HostControl) => Promise<void> | void>();
  readonly #power = new PowerNotices();
  #queue: Promise<unknown> = Promise.resolve();
  #sequence: string[] = [];
  #off = false;

  constructor(deps: SimulatorDeps) {
    this.#deps = deps;
    this.#timing = deps.timing ?? SIMULATION_TIMING;
  }

  /** The machine as it boots: `count` users, user1 at the console, the others left there by fast user switching. */
  boot(count: number): void {
    const { machine } = this.#deps;
    for (let i = 1; i <= count; i++) {
      const session = machine.create(`user${i}`, { remote: false, tokenDelayMs: 0 });
      if (i > 1) {
        session.connected = false;
        session.locked = true;
      }
    }
    if (count > 0) machine.console = 1;
    else machine.logonScreen = 1;
  }

  subscribe(listener: (control: HostControl) => Promise<void> | void): Disposable {
    this.#listeners.add(listener);
    return { dispose: () => void this.#listeners.delete(listener) };
  }

  run(scenario: SimulateParams): Promise<SimulateResult> {
    const run = this.#queue.then(() => this.#run(scenario));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #run(scenario: SimulateParams): Promise<SimulateResult> {
    if (this.#off) throw new TandemError('E_CONFLICT', 'the simulated machine has shut down');
    if (this.#deps.machine.asleep && scenario.action !== 'resume') throw new TandemError('E_CONFLICT', 'the simulated machine is asleep: simulate resume first');
    if (!this.#deps.machine.asleep && scenario.action === 'resume') throw new TandemError('E_CONFLICT', 'the simulated machine is not asleep');
    this.#sequence = [];
    let created: number | null = null;
    switch (scenario.action) {
      case 'logon':
        created = this.#logon(scenario.user, scenario.remote, scenario.tokenDelayMs);
        break;
      case 'logoff':
        await this.#logoff(this.#session(scenario.sessionId), scenario.busy);
        break;
      case 'lock':
        this.#lock(this.#session(scenario.sessionId));
        break;
      case 'unlock':
        this.#unlock(this.#session(scenario.sessionId));
        break;
      case 'disconnect':
        this.#disconnect(this.#session(scenario.sessionId));
        break;
      case 'connect':
        if (scenario.remote) this.#connectRemote(this.#session(scenario.sessionId));
        else this.#switchTo(this.#session(scenario.sessionId));
        break;
      case 'switch':
        this.#switchTo(this.#session(scenario.sessionId));
        break;
      case 'suspend':
        await this.#suspend(scenario.endSessions.map((id) => this.#session(id)));
        break;
      case 'resume':
        await this.#resume();
        break;
      case 'shutdown':
        await this.#shutdown(scenario.fastStartup, scenario.updateHoldMs);
        break;
    }
    return { sequence: this.#sequence, sessionId: created };
  }

  #session(id: number): SimSession {
    const session = this.#deps.machine.sessions.get(id);
    if (session === undefined) throw new TandemError('E_NOT_FOUND', `no user session ${id} in the simulated machine`);
    return session;
  }

  #notify(reason: WtsReasonName, sessionId: number): void {
    this.#sequence.push(`${reason} ${sessionId}`);
    this.#deps.machine.notify(reason, sessionId);
  }

  #note(text: string): void {
    this.#sequence.push(`(${text})`);
  }

  async #powerEvent(name: PbtName): Promise<void> {
    this.#sequence.push(`SERVICE_CONTROL_POWEREVENT ${name}`);
    const change = this.#power.next(PBT[name]);
    if (change !== null) await this.#deliver({ kind: 'power', change });
  }

  async #deliver(control: HostControl): Promise<void> {
    for (const listener of this.#listeners) await listener(control);
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => this.#deps.clock.setTimer(ms, resolve));
  }

  #logon(user: string, remote: boolean, tokenDelayMs: number): number {
    const { machine } = this.#deps;
    if (remote) {
      const session = machine.create(user, { remote: true, tokenDelayMs });
      this.#notify('WTS_REMOTE_CONNECT', session.id);
      this.#notify('WTS_SESSION_LOGON', session.id);
      if (tokenDelayMs > 0) this.#note(`the user token of session ${session.id} is available ${tokenDelayMs} ms after the logon`);
      return session.id;
    }
    // The console shows a logon screen in a session of its own; the user logs on in it.
    if (machine.logonScreen === null) this.#leaveConsole();
    const id = machine.logonScreen ?? machine.freeId();
    machine.logonScreen = null;
    const session = machine.create(user, { remote: false, tokenDelayMs, id });
    machine.console = session.id;
    this.#notify('WTS_SESSION_LOGON', session.id);
    if (tokenDelayMs > 0) this.#note(`the user token of session ${session.id} is available ${tokenDelayMs} ms after the logon`);
    return session.id;
  }

  /** The console's user switches away ("Switch user"): locked, disconnected, a logon screen takes the console. */
  #leaveConsole(): void {
    const { machine } = this.#deps;
    const current = machine.console === null ? undefined : machine.sessions.get(machine.console);
    if (current !== undefined) {
      this.#lock(current);
      current.connected = false;
      machine.console = null;
      this.#notify('WTS_CONSOLE_DISCONNECT', current.id);
    }
    machine.logonScreen = machine.freeId();
    this.#notify('WTS_CONSOLE_CONNECT', machine.logonScreen);
  }

  async #logoff(session: SimSession, busy: boolean): Promise<void> {
    const { machine, endProcesses } = this.#deps;
    let status: number = SESSION_ENDING_STATUS.STATUS_CONTROL_C_EXIT;
    if (busy) {
      this.#note(`the tray holds the sign-out of session ${session.id} up; Windows ends it after ${this.#timing.busyAppMs} ms`);
      await this.#wait(this.#timing.busyAppMs);
      status = SESSION_ENDING_STATUS.DBG_TERMINATE_PROCESS;
    }
    this.#endSession(session, status, endProcesses);
    await this.#wait(this.#timing.logoffNoticeMs);
    this.#removeSession(session);
    if (machine.console === null && machine.logonScreen === null) {
      machine.logonScreen = machine.freeId();
      this.#notify('WTS_CONSOLE_CONNECT', machine.logonScreen);
    }
  }

  #endSession(session: SimSession, status: number, endProcesses: SimulatorDeps['endProcesses']): void {
    session.loggingOff = true;
    const ended = endProcesses(session.id, status);
    this.#note(`Windows ends the ${ended} agent process(es) of session ${session.id}: ${hexStatus(status)}; the LOGOFF notification follows`);
  }

  #removeSession(session: SimSession): void {
    const { machine } = this.#deps;
    machine.sessions.delete(session.id);
    this.#notify('WTS_SESSION_LOGOFF', session.id);
    if (machine.console === session.id) {
      machine.console = null;
      this.#notify('WTS_CONSOLE_DISCONNECT', session.id);
    }
  }

  #lock(session: SimSession): void {
    if (session.locked) return;
    session.locked = true;
    this.#notify('WTS_SESSION_LOCK', session.id);
  }

  #unlock(session: SimSession): void {
    if (!session.connected) throw new TandemError('E_CONFLICT', `session ${session.id} is disconnected: connect or switch to it to unlock it`);
    if (!session.locked) return;
    session.locked = false;
    this.#notify('WTS_SESSION_UNLOCK', session.id);
  }

  #disconnect(session: SimSession): void {
    if (!session.connected) throw new TandemError('E_CONFLICT', `session ${session.id} is already disconnected`);
    if (session.remote) {
      session.connected = false;
      this.#notify('WTS_REMOTE_DISCONNECT', session.id);
      return;
    }
    this.#leaveConsole();
  }

  /** Remote Desktop to an existing session: from the console, from another client, or after a disconnect. */
  #connectRemote(session: SimSession): void {
    if (session.connected && !session.remote) {
      // A connected local session is the console's, as in #disconnect.
      this.#leaveConsole();
    } else if (session.connected) {
      // Another client takes the session over: the first is disconnected.
      this.#notify('WTS_REMOTE_DISCONNECT', session.id);
    }
    session.remote = true;
    session.connected = true;
    this.#notify('WTS_REMOTE_CONNECT', session.id);
    // The client authenticated: the session comes back unlocked.
    this.#unlock(session);
  }

  /** Fast user switching: the console moves to `session` (from its user, or from a logon screen). */
  #switchTo(session: SimSession): void {
    const { machine } = this.#deps;
    if (machine.console === session.id) throw new TandemError('E_CONFLICT', `session ${session.id} already has the console`);
    const current = machine.console === null ? undefined : machine.sessions.get(machine.console);
    if (current !== undefined) {
      this.#lock(current);
      current.connected = false;
      this.#notify('WTS_CONSOLE_DISCONNECT', current.id);
    } else if (machine.logonScreen !== null) {
      this.#notify('WTS_CONSOLE_DISCONNECT', machine.logonScreen);
      machine.logonScreen = null;
    }
    if (session.connected && session.remote) this.#notify('WTS_REMOTE_DISCONNECT', session.id);
    session.remote = false;
    session.connected = true;
    machine.console = session.id;
    this.#notify('WTS_CONSOLE_CONNECT', session.id);
    this.#unlock(session);
  }

  async #suspend(ending: SimSession[]): Promise<void> {
    const { machine } = this.#deps;
    await this.#powerEvent('PBT_APMSUSPEND');
    machine.asleep = true;
    for (const session of ending) {
      // The service is asleep: it is told nothing, and finds the session gone at resume.
      machine.sessions.delete(session.id);
      if (machine.console === session.id) machine.console = null;
      this.#note(`session ${session.id} ends while the machine sleeps; nothing is delivered`);
    }
  }

  async #resume(): Promise<void> {
    this.#deps.machine.asleep = false;
    await this.#powerEvent('PBT_APMRESUMEAUTOMATIC');
    await this.#powerEvent('PBT_APMRESUMESUSPEND');
  }

  async #shutdown(fastStartup: boolean, updateHoldMs: number): Promise<void> {
    const { machine, endProcesses } = this.#deps;
    const users = [...machine.sessions.values()];
    for (const session of users) this.#endSession(session, SESSION_ENDING_STATUS.STATUS_CONTROL_C_EXIT, endProcesses);
    if (users.length > 0) await this.#wait(this.#timing.logoffNoticeMs);
    for (const session of users) this.#removeSession(session);
    if (fastStartup) {
      // Fast Startup: session 0 hibernates; the service is suspended, not stopped. Power-on resumes it at a logon screen.
      await this.#powerEvent('PBT_APMSUSPEND');
      machine.asleep = true;
      machine.logonScreen = 1;
      this.#note('session 0 hibernates (Fast Startup); simulate resume powers the machine on');
      return;
    }
    if (updateHoldMs > 0) this.#note(`an update holds the shutdown for ${updateHoldMs} ms; the service runs on with nobody logged on`);
    this.#sequence.push('SERVICE_CONTROL_PRESHUTDOWN');
    this.#off = true;
    // After the answer to this command has gone out.
    this.#deps.clock.setTimer(Math.max(updateHoldMs, 50), () => void this.#deliver({ kind: 'stop', reason: 'preshutdown' }));
  }
}
