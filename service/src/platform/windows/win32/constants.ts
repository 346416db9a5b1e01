/** Win32 constants Tandem uses, with their SDK names, grouped by area. */

export const GENERIC_READ = 0x80000000;
export const GENERIC_WRITE = 0x40000000;

export const PIPE = {
  ACCESS_INBOUND: 0x1,
  ACCESS_DUPLEX: 0x3,
  TYPE_BYTE: 0x0,
  READMODE_BYTE: 0x0,
  WAIT: 0x0,
  REJECT_REMOTE_CLIENTS: 0x8,
  UNLIMITED_INSTANCES: 255,
} as const;

export const FILE_FLAG = {
  FIRST_PIPE_INSTANCE: 0x00080000,
  OVERLAPPED: 0x40000000,
} as const;

/** Options for a client opening a pipe: the server may identify the client but not act as it. */
export const SECURITY_SQOS_PRESENT = 0x00100000;
export const SECURITY_IDENTIFICATION = 0x00010000;

export const OPEN_EXISTING = 3;
export const FILE_SHARE_READ = 0x1;
export const FILE_SHARE_WRITE = 0x2;
export const FILE_SHARE_DELETE = 0x4;

/** Opening a file or directory itself: a directory needs BACKUP_SEMANTICS; OPEN_REPARSE_POINT opens a link, never what it points to. */
export const FILE_FLAG_BACKUP_SEMANTICS = 0x02000000;
export const FILE_FLAG_OPEN_REPARSE_POINT = 0x00200000;
export const FILE_ATTRIBUTE_DIRECTORY = 0x10;
export const FILE_ATTRIBUTE_REPARSE_POINT = 0x400;
export const FILE_READ_ATTRIBUTES = 0x80;
export const READ_CONTROL = 0x20000;
export const WRITE_DAC = 0x40000;
export const WRITE_OWNER = 0x80000;
/** GetFinalPathNameByHandleW: the normalized DOS path (`\\?\C:\…`). */
export const FILE_NAME_NORMALIZED = 0x0;

export const WT_EXECUTEONLYONCE = 0x8;
export const INFINITE = 0xffffffff;

export const HANDLE_FLAG_INHERIT = 0x1;

export const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
export const PROCESS_TERMINATE = 0x1;
export const SYNCHRONIZE = 0x100000;

export const TOKEN = {
  ASSIGN_PRIMARY: 0x1,
  DUPLICATE: 0x2,
  IMPERSONATE: 0x4,
  QUERY: 0x8,
  ADJUST_DEFAULT: 0x80,
  ADJUST_SESSIONID: 0x100,
  ALL_ACCESS: 0xf01ff,
} as const;

/** TOKEN_INFORMATION_CLASS values. */
export const TokenInformation = {
  User: 1,
  Type: 8,
  ImpersonationLevel: 9,
  Statistics: 10,
  SessionId: 12,
  ElevationType: 18,
  LinkedToken: 19,
  Elevation: 20,
  IntegrityLevel: 25,
} as const;

export const TokenElevationType = { Default: 1, Full: 2, Limited: 3 } as const;
export const SecurityIdentification = 1;
export const SecurityImpersonation = 2;
export const TokenPrimary = 1;
export const TokenImpersonation = 2;

/** SID_AND_ATTRIBUTES.Attributes of a token's mandatory label. */
export const SE_GROUP_INTEGRITY = 0x20;

/** CreateRestrictedToken flags. */
export const DISABLE_MAX_PRIVILEGE = 0x1;
export const LUA_TOKEN = 0x4;

export const SDDL_REVISION_1 = 1;
export const OWNER_SECURITY_INFORMATION = 0x1;
export const GROUP_SECURITY_INFORMATION = 0x2;
export const DACL_SECURITY_INFORMATION = 0x4;
export const PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000;
/** SE_OBJECT_TYPE */
export const SE_FILE_OBJECT = 1;
export const SE_KERNEL_OBJECT = 6;

export const CREATE = {
  SUSPENDED: 0x4,
  NEW_PROCESS_GROUP: 0x200,
  UNICODE_ENVIRONMENT: 0x400,
  EXTENDED_STARTUPINFO_PRESENT: 0x80000,
  BREAKAWAY_FROM_JOB: 0x1000000,
  DEFAULT_ERROR_MODE: 0x4000000,
  NO_WINDOW: 0x8000000,
} as const;
export const STARTF_USESTDHANDLES = 0x100;
export const PROC_THREAD_ATTRIBUTE_HANDLE_LIST = 0x20002;

export const JobObjectExtendedLimitInformation = 9;
export const JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;
export const JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x400;

export const SC_MANAGER = { CONNECT: 0x1, CREATE_SERVICE: 0x2, ALL_ACCESS: 0xf003f } as const;
export const SERVICE_ACCESS = {
  QUERY_CONFIG: 0x1,
  CHANGE_CONFIG: 0x2,
  QUERY_STATUS: 0x4,
  START: 0x10,
  STOP: 0x20,
  PAUSE_CONTINUE: 0x40,
  INTERROGATE: 0x80,
  USER_DEFINED_CONTROL: 0x100,
  DELETE: 0x10000,
  ALL_ACCESS: 0xf01ff,
} as const;
export const SERVICE_WIN32_OWN_PROCESS = 0x10;
export const SERVICE_AUTO_START = 2;
export const SERVICE_DEMAND_START = 3;
export const SERVICE_ERROR_NORMAL = 1;
export const SERVICE_NO_CHANGE = 0xffffffff;
export const SC_STATUS_PROCESS_INFO = 0;

export const SERVICE_STATE = {
  STOPPED: 1,
  START_PENDING: 2,
  STOP_PENDING: 3,
  RUNNING: 4,
  CONTINUE_PENDING: 5,
  PAUSE_PENDING: 6,
  PAUSED: 7,
} as const;

export const SERVICE_CONTROL = {
  STOP: 0x1,
  PAUSE: 0x2,
  CONTINUE: 0x3,
  INTERROGATE: 0x4,
  SHUTDOWN: 0x5,
  PARAMCHANGE: 0x6,
  POWEREVENT: 0xd,
  SESSIONCHANGE: 0xe,
  PRESHUTDOWN: 0xf,
} as const;

export const SERVICE_ACCEPT = {
  STOP: 0x1,
  SHUTDOWN: 0x4,
  PARAMCHANGE: 0x8,
  POWEREVENT: 0x40,
  SESSIONCHANGE: 0x80,
  PRESHUTDOWN: 0x100,
} as const;

/** ChangeServiceConfig2W / QueryServiceConfig2W levels. */
export const SERVICE_CONFIG = {
  DESCRIPTION: 1,
  FAILURE_ACTIONS: 2,
  DELAYED_AUTO_START_INFO: 3,
  FAILURE_ACTIONS_FLAG: 4,
  SERVICE_SID_INFO: 5,
  REQUIRED_PRIVILEGES_INFO: 6,
  PRESHUTDOWN_INFO: 7,
} as const;
export const SC_ACTION_RESTART = 1;
export const SERVICE_SID_TYPE_UNRESTRICTED = 1;

export const HKEY_LOCAL_MACHINE = 0xffffffff80000002n;
export const KEY = { QUERY_VALUE: 0x1, SET_VALUE: 0x2, READ: 0x20019, ALL_ACCESS: 0xf003f, WOW64_64KEY: 0x100 } as const;
export const REG = { SZ: 1, EXPAND_SZ: 2, BINARY: 3, DWORD: 4, MULTI_SZ: 7, QWORD: 11 } as const;
export const REG_OPTION_NON_VOLATILE = 0;

export const EVENTLOG = { SUCCESS: 0, ERROR_TYPE: 1, WARNING_TYPE: 2, INFORMATION_TYPE: 4 } as const;

/** WTS_INFO_CLASS values. */
export const WTSInfoClass = { UserName: 5, DomainName: 7, ConnectState: 8, ClientProtocolType: 16 } as const;
/** WTS_CONNECTSTATE_CLASS values. */
export const WTSConnectState = { Active: 0, Connected: 1, ConnectQuery: 2, Shadow: 3, Disconnected: 4, Idle: 5, Listen: 6, Reset: 7, Down: 8, Init: 9 } as const;
export const WTS_CURRENT_SERVER_HANDLE = null;

export const MB_OK = 0x0;
export const MB_ICONINFORMATION = 0x40;
