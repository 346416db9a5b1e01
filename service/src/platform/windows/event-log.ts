/**
 * Windows Event Log entries for the moments an administrator looks for there: the service
 * started, stopped, could not start, or refused a client. The source is registered at install
 * under HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\<name>, with EventCreate.exe
 * as its message file: its messages for IDs 1–1000 are just "%1", so Event Viewer shows Tandem's
 * text without a message DLL of our own.
 */
import { advapi32 } from './win32/advapi32.js';
import { checkHandle } from './win32/call.js';
import { EVENTLOG } from './win32/constants.js';
import { Owned } from './win32/handle.js';
import { koffi } from './win32/koffi.js';
import { createMachineKey, deleteMachineTree, setValue } from './win32/registry.js';
import { wideBuffer } from './win32/wide-string.js';

export const EVENT_MESSAGE_FILE = '%SystemRoot%\\System32\\EventCreate.exe';

/** Event IDs, stable: administrators filter on them. */
export const EVENT_ID = { started: 1, stopped: 2, startFailed: 3, stopFailed: 4, clientRejected: 5, warning: 6, fatal: 7, configChanged: 8, installerActionFailed: 9 } as const;

export function eventSourceKey(source: string): string {
  return `SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\${source}`;
}

export function registerEventSource(source: string): void {
  const key = createMachineKey(eventSourceKey(source));
  try {
    setValue(key, 'EventMessageFile', EVENT_MESSAGE_FILE, true);
    setValue(key, 'TypesSupported', EVENTLOG.ERROR_TYPE | EVENTLOG.WARNING_TYPE | EVENTLOG.INFORMATION_TYPE);
  } finally {
    key.close();
  }
}

export function unregisterEventSource(source: string): void {
  deleteMachineTree(eventSourceKey(source));
}

export type EventLevel = 'information' | 'warning' | 'error';

/** Writes to the Application log. Writing never throws: the log is not worth failing the service for. */
export class EventLog {
  readonly #handle: Owned | undefined;

  constructor(source: string) {
    const raw = advapi32().RegisterEventSourceW(null, source);
    this.#handle = raw === null ? undefined : new Owned(checkHandle('RegisterEventSourceW', raw), (h) => advapi32().DeregisterEventSource(h), `event source ${source}`);
  }

  write(level: EventLevel, eventId: number, message: string): boolean {
    const handle = this.#handle;
    if (handle === undefined || handle.closed) return false;
    const type = level === 'error' ? EVENTLOG.ERROR_TYPE : level === 'warning' ? EVENTLOG.WARNING_TYPE : EVENTLOG.INFORMATION_TYPE;
    const text = wideBuffer(message);
    const strings = Buffer.alloc(8);
    strings.writeBigUInt64LE(koffi().address(text));
    return advapi32().ReportEventW(handle.value, type, 0, eventId, null, 1, 0, strings, null) !== 0;
  }

  close(): void {
    this.#handle?.close();
  }
}
