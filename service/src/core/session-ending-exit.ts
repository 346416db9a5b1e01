/**
 * Exit statuses that mean "the session is ending", not "the agent crashed". Windows ends a
 * session's processes *before* it tells services of the logoff (REAL-WINDOWS-REVIEW finding 10),
 * so the supervisor sees these exits first and must not count them or relaunch at once.
 */
import type { AgentExit } from '../platform/platform.js';

export const SESSION_ENDING_STATUS = {
  /** A process started while its session logs off fails its DLL initialisation with this. */
  STATUS_DLL_INIT_FAILED_LOGOFF: 0xc000026b,
  /** A console process given CTRL_LOGOFF_EVENT or CTRL_SHUTDOWN_EVENT ends with this. */
  STATUS_CONTROL_C_EXIT: 0xc000013a,
  /** A process ended by the session manager at logoff or shutdown. */
  DBG_TERMINATE_PROCESS: 0x40010004,
} as const;

const ENDING: ReadonlyMap<number, string> = new Map(Object.entries(SESSION_ENDING_STATUS).map(([name, code]) => [code, name]));

/** The status name when `exit` says the session is ending; undefined for any other exit. */
export function sessionEndingStatus(exit: AgentExit): string | undefined {
  if (exit.code === null) return undefined;
  // Exit codes are DWORDs; some layers hand them over as signed 32-bit numbers.
  return ENDING.get(exit.code >>> 0);
}

/** `0xC000026B` for logs and status lines. */
export function hexStatus(code: number): string {
  return `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
