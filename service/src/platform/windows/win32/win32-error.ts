/**
 * A failed Win32 call, named after the API and its code: `WTSQueryUserToken failed: 1008
 * ERROR_NO_TOKEN`. Callers branch on `code`, people read the message.
 */

/** The codes Tandem meets or branches on, by name. Others print as their number. */
export const ERROR = {
  SUCCESS: 0,
  FILE_NOT_FOUND: 2,
  PATH_NOT_FOUND: 3,
  ACCESS_DENIED: 5,
  INVALID_HANDLE: 6,
  NOT_ENOUGH_MEMORY: 8,
  INVALID_PARAMETER: 87,
  BROKEN_PIPE: 109,
  CALL_NOT_IMPLEMENTED: 120,
  INSUFFICIENT_BUFFER: 122,
  INVALID_LEVEL: 124,
  ALREADY_EXISTS: 183,
  PIPE_BUSY: 231,
  NO_DATA: 232,
  PIPE_NOT_CONNECTED: 233,
  MORE_DATA: 234,
  NO_MORE_ITEMS: 259,
  PIPE_CONNECTED: 535,
  PIPE_LISTENING: 536,
  OPERATION_ABORTED: 995,
  IO_INCOMPLETE: 996,
  IO_PENDING: 997,
  NO_TOKEN: 1008,
  DEPENDENT_SERVICES_RUNNING: 1051,
  INVALID_SERVICE_CONTROL: 1052,
  SERVICE_REQUEST_TIMEOUT: 1053,
  SERVICE_ALREADY_RUNNING: 1056,
  SERVICE_DISABLED: 1058,
  SERVICE_DOES_NOT_EXIST: 1060,
  SERVICE_CANNOT_ACCEPT_CTRL: 1061,
  SERVICE_NOT_ACTIVE: 1062,
  FAILED_SERVICE_CONTROLLER_CONNECT: 1063,
  EXCEPTION_IN_SERVICE: 1064,
  SERVICE_SPECIFIC_ERROR: 1066,
  PROCESS_ABORTED: 1067,
  SERVICE_MARKED_FOR_DELETE: 1072,
  SERVICE_EXISTS: 1073,
  NOT_FOUND: 1168,
  PRIVILEGE_NOT_HELD: 1314,
  NONE_MAPPED: 1332,
  INVALID_SID: 1337,
  CANNOT_IMPERSONATE: 1368,
  BAD_IMPERSONATION_LEVEL: 1346,
  NO_SUCH_LOGON_SESSION: 1312,
  CTX_WINSTATION_NOT_FOUND: 7022,
} as const;

const NAMES = new Map<number, string>(Object.entries(ERROR).map(([name, code]) => [code, `ERROR_${name}`]));

export function win32ErrorName(code: number): string {
  return NAMES.get(code) ?? `Win32 error ${code}`;
}

export class Win32Error extends Error {
  override readonly name = 'Win32Error';
  /** The API that failed, e.g. `CreateNamedPipeW`. */
  readonly api: string;
  readonly code: number;

  constructor(api: string, code: number, detail?: string) {
    super(`${api} failed: ${code} ${NAMES.get(code) ?? ''}`.trimEnd() + (detail === undefined ? '' : ` (${detail})`));
    this.api = api;
    this.code = code;
  }
}

export function isWin32Error(error: unknown, code?: number): error is Win32Error {
  return error instanceof Win32Error && (code === undefined || error.code === code);
}
