/**
 * HandlerEx's decisions, kept apart from koffi so they can be tested anywhere. The handler runs
 * on the JS thread while the SCM's dispatcher thread waits for its answer, so it only decides and
 * schedules: the work (stopping, reloading, starting agents) happens after it has returned, and
 * STOPPED is never reported from inside it (docs/windows-facts.md, Wine gotcha 3).
 */
import type { StopReason } from '../platform.js';
import { decodePowerEvent, type PowerEvent } from './power-notification.js';
import { decodeSessionChange, type SessionChange } from './session-notification.js';
import { SERVICE_CONTROL } from './win32/constants.js';
import type { MaybePointer } from './win32/koffi.js';
import { ERROR } from './win32/win32-error.js';

export interface ControlActions {
  stop(reason: StopReason): void;
  reload(): void;
  sessionChange(change: SessionChange): void;
  power(event: PowerEvent): void;
  /** A control the handler could not act on (undecodable data): for the log. */
  problem(message: string): void;
}

/** Returns HandlerEx's result: NO_ERROR, or ERROR_CALL_NOT_IMPLEMENTED for controls Tandem does not handle. */
export function handleControl(control: number, eventType: number, eventData: MaybePointer, actions: ControlActions, schedule: (work: () => void) => void): number {
  // Decodes a notification's data now (it lives only during this call) and acts on it later; a
  // notification that cannot be decoded is reported, and the control still answered.
  const decodeThen = <T>(decode: () => T, act: (value: T) => void): number => {
    let value: T;
    try {
      value = decode();
    } catch (error) {
      const message = (error as Error).message;
      schedule(() => actions.problem(message));
      return ERROR.SUCCESS;
    }
    schedule(() => act(value));
    return ERROR.SUCCESS;
  };
  switch (control) {
    case SERVICE_CONTROL.STOP:
      schedule(() => actions.stop('stop'));
      return ERROR.SUCCESS;
    case SERVICE_CONTROL.SHUTDOWN:
      schedule(() => actions.stop('shutdown'));
      return ERROR.SUCCESS;
    case SERVICE_CONTROL.PRESHUTDOWN:
      schedule(() => actions.stop('preshutdown'));
      return ERROR.SUCCESS;
    case SERVICE_CONTROL.INTERROGATE:
      // The SCM answers with the last status reported; nothing to do (and no SetServiceStatus here).
      return ERROR.SUCCESS;
    case SERVICE_CONTROL.PARAMCHANGE:
      schedule(() => actions.reload());
      return ERROR.SUCCESS;
    case SERVICE_CONTROL.SESSIONCHANGE:
      // The notification lives only during this call: decode it now, act on it later.
      return decodeThen(() => decodeSessionChange(eventType, eventData), (change) => actions.sessionChange(change));
    case SERVICE_CONTROL.POWEREVENT:
      // NO_ERROR also grants a PBT_APMQUERYSUSPEND (only sent before Vista): Tandem never vetoes sleep.
      return decodeThen(() => decodePowerEvent(eventType, eventData), (event) => actions.power(event));
    default:
      return ERROR.CALL_NOT_IMPLEMENTED;
  }
}
