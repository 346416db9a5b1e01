/** SERVICE_CONTROL_SESSIONCHANGE as the SCM delivers it, for feeding WtsSessionSource.notify() in tests. */
import { decodeSessionChange, WTSSESSION_NOTIFICATION_SIZE, type SessionChange } from '../../../src/platform/windows/session-notification.js';
import { koffi } from '../../../src/platform/windows/win32/koffi.js';

/** The change HandlerEx would decode for WTS reason `reason` in `sessionId`, from native WTSSESSION_NOTIFICATION memory. */
export function sessionChange(reason: number, sessionId: number): SessionChange {
  const data = koffi().alloc('uint8_t', WTSSESSION_NOTIFICATION_SIZE) as bigint;
  try {
    koffi().encode(data, 0, 'uint32_t', WTSSESSION_NOTIFICATION_SIZE);
    koffi().encode(data, 4, 'uint32_t', sessionId);
    return decodeSessionChange(reason, data);
  } finally {
    koffi().free(data);
  }
}
