/**
 * What the service tells the SCM: its state, the controls it accepts in that state, and, while
 * starting or stopping, a checkpoint that advances with every sign of progress and a wait hint.
 * The SCM declares a pending service hung when the checkpoint stops moving for longer than the
 * hint. Pure state: the SCM host gives it the function that calls SetServiceStatus.
 */
import { SERVICE_ACCEPT, SERVICE_STATE, SERVICE_WIN32_OWN_PROCESS } from './win32/constants.js';
import { ERROR } from './win32/win32-error.js';
import type { ServiceStatus } from './win32/types.js';

/** Controls accepted while running. Nothing is accepted while starting or stopping. */
export const RUNNING_CONTROLS =
  SERVICE_ACCEPT.STOP |
  SERVICE_ACCEPT.SHUTDOWN |
  SERVICE_ACCEPT.PRESHUTDOWN |
  SERVICE_ACCEPT.SESSIONCHANGE |
  SERVICE_ACCEPT.PARAMCHANGE |
  SERVICE_ACCEPT.POWEREVENT;

export type ReportedState = 'start-pending' | 'running' | 'stop-pending' | 'stopped';

const STATES: Record<ReportedState, number> = {
  'start-pending': SERVICE_STATE.START_PENDING,
  running: SERVICE_STATE.RUNNING,
  'stop-pending': SERVICE_STATE.STOP_PENDING,
  stopped: SERVICE_STATE.STOPPED,
};

export class ServiceStatusReporter {
  readonly #setStatus: (status: ServiceStatus) => void;
  #state: ReportedState = 'stopped';
  #checkPoint = 0;
  #waitHint = 0;

  constructor(setStatus: (status: ServiceStatus) => void) {
    this.#setStatus = setStatus;
  }

  get state(): ReportedState {
    return this.#state;
  }

  /** Enters START_PENDING or STOP_PENDING: checkpoint 1 and the time the step may take. */
  pending(state: 'start-pending' | 'stop-pending', waitHintMs: number): void {
    this.#state = state;
    this.#checkPoint = 1;
    this.#waitHint = waitHintMs;
    this.#send(ERROR.SUCCESS, 0);
  }

  /** The pending step advanced: the next checkpoint. Ignored outside a pending state. */
  progress(): void {
    if (this.#state !== 'start-pending' && this.#state !== 'stop-pending') return;
    this.#checkPoint++;
    this.#send(ERROR.SUCCESS, 0);
  }

  running(): void {
    this.#state = 'running';
    this.#checkPoint = 0;
    this.#waitHint = 0;
    this.#send(ERROR.SUCCESS, 0);
  }

  /**
   * STOPPED, with ERROR_SERVICE_SPECIFIC_ERROR and `serviceExitCode` when it is not 0, so the SCM,
   * the Event Log and `sc query` show why (and failure actions restart it). Never call this
   * inside HandlerEx (docs/windows-facts.md, Wine gotcha 3).
   */
  stopped(serviceExitCode = 0): void {
    this.#state = 'stopped';
    this.#checkPoint = 0;
    this.#waitHint = 0;
    this.#send(serviceExitCode === 0 ? ERROR.SUCCESS : ERROR.SERVICE_SPECIFIC_ERROR, serviceExitCode);
  }

  #send(win32ExitCode: number, serviceExitCode: number): void {
    this.#setStatus({
      dwServiceType: SERVICE_WIN32_OWN_PROCESS,
      dwCurrentState: STATES[this.#state],
      dwControlsAccepted: this.#state === 'running' ? RUNNING_CONTROLS : 0,
      dwWin32ExitCode: win32ExitCode,
      dwServiceSpecificExitCode: serviceExitCode,
      dwCheckPoint: this.#checkPoint,
      dwWaitHint: this.#waitHint,
    });
  }
}
