/**
 * Win32 type names and the structs Tandem passes to Win32, with the 64-bit layouts koffi
 * computes from these definitions (natural alignment, as the Windows headers). Each interface
 * is the JS shape koffi encodes and decodes for the struct of the same name.
 */
import type * as KoffiModule from 'koffi';

type Koffi = typeof KoffiModule;
type TypeObject = KoffiModule.TypeObject;

const ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['BOOL', 'int'],
  ['BOOLEAN', 'uint8_t'],
  ['BYTE', 'uint8_t'],
  ['WORD', 'uint16_t'],
  ['DWORD', 'uint32_t'],
  ['ULONG', 'uint32_t'],
  ['UINT', 'uint32_t'],
  ['LONG', 'int32_t'],
  ['LSTATUS', 'int32_t'],
  ['SIZE_T', 'size_t'],
  ['DWORD_PTR', 'uintptr_t'],
  ['ULONG_PTR', 'uintptr_t'],
  ['HANDLE', 'void *'],
  ['SC_HANDLE', 'void *'],
  ['SERVICE_STATUS_HANDLE', 'void *'],
  ['HKEY', 'void *'],
  ['PSID', 'void *'],
  ['PVOID', 'void *'],
  ['LPCWSTR', 'const char16_t *'],
];

export interface SecurityAttributes {
  nLength: number;
  lpSecurityDescriptor: bigint | null;
  bInheritHandle: number;
}

export interface ServiceStatus {
  dwServiceType: number;
  dwCurrentState: number;
  dwControlsAccepted: number;
  dwWin32ExitCode: number;
  dwServiceSpecificExitCode: number;
  dwCheckPoint: number;
  dwWaitHint: number;
}

export interface ServiceStatusProcess extends ServiceStatus {
  dwProcessId: number;
  dwServiceFlags: number;
}

export interface QueryServiceConfig {
  dwServiceType: number;
  dwStartType: number;
  dwErrorControl: number;
  lpBinaryPathName: string | null;
  lpLoadOrderGroup: string | null;
  dwTagId: number;
  lpDependencies: bigint | null;
  lpServiceStartName: string | null;
  lpDisplayName: string | null;
}

export interface ServiceFailureActions {
  dwResetPeriod: number;
  lpRebootMsg: string | null;
  lpCommand: string | null;
  cActions: number;
  lpsaActions: bigint | null;
}

export interface WtsSessionInfo {
  SessionId: number;
  pWinStationName: string | null;
  State: number;
}

export interface WtsSessionNotification {
  cbSize: number;
  dwSessionId: number;
}

export interface Guid {
  Data1: number;
  Data2: number;
  Data3: number;
  Data4: number[];
}

/** The head of POWERBROADCAST_SETTING; `Data` holds DataLength bytes from offsetof(Data). */
export interface PowerBroadcastSetting {
  PowerSetting: Guid;
  DataLength: number;
}

export interface ProcessInformation {
  hProcess: bigint | null;
  hThread: bigint | null;
  dwProcessId: number;
  dwThreadId: number;
}

export interface StartupInfoEx {
  StartupInfo: {
    cb: number;
    lpReserved: null;
    lpDesktop: bigint | null;
    lpTitle: null;
    dwX: number;
    dwY: number;
    dwXSize: number;
    dwYSize: number;
    dwXCountChars: number;
    dwYCountChars: number;
    dwFillAttribute: number;
    dwFlags: number;
    wShowWindow: number;
    cbReserved2: number;
    lpReserved2: null;
    hStdInput: bigint | null;
    hStdOutput: bigint | null;
    hStdError: bigint | null;
  };
  lpAttributeList: bigint | null;
}

export interface JobExtendedLimitInformation {
  BasicLimitInformation: {
    PerProcessUserTimeLimit: bigint;
    PerJobUserTimeLimit: bigint;
    LimitFlags: number;
    MinimumWorkingSetSize: bigint;
    MaximumWorkingSetSize: bigint;
    ActiveProcessLimit: number;
    Affinity: bigint;
    PriorityClass: number;
    SchedulingClass: number;
  };
  IoInfo: Record<string, bigint>;
  ProcessMemoryLimit: bigint;
  JobMemoryLimit: bigint;
  PeakProcessMemoryUsed: bigint;
  PeakJobMemoryUsed: bigint;
}

export interface SidAndAttributes {
  Sid: bigint | null;
  Attributes: number;
}

export interface OsVersionInfo {
  dwOSVersionInfoSize: number;
  dwMajorVersion: number;
  dwMinorVersion: number;
  dwBuildNumber: number;
  dwPlatformId: number;
  szCSDVersion: number[];
}

/** The fields Tandem reads of BY_HANDLE_FILE_INFORMATION. */
export interface ByHandleFileInformation {
  dwFileAttributes: number;
}

export interface TokenStatistics {
  TokenId: { LowPart: number; HighPart: number };
  AuthenticationId: { LowPart: number; HighPart: number };
}

export interface Win32Types {
  readonly SECURITY_ATTRIBUTES: TypeObject;
  readonly SERVICE_STATUS: TypeObject;
  readonly SERVICE_STATUS_PROCESS: TypeObject;
  readonly SERVICE_TABLE_ENTRYW: TypeObject;
  readonly QUERY_SERVICE_CONFIGW: TypeObject;
  readonly SC_ACTION: TypeObject;
  readonly SERVICE_FAILURE_ACTIONSW: TypeObject;
  readonly OVERLAPPED: TypeObject;
  readonly WTS_SESSION_INFOW: TypeObject;
  readonly WTSSESSION_NOTIFICATION: TypeObject;
  readonly GUID: TypeObject;
  /** { GUID PowerSetting; DWORD DataLength; UCHAR Data[1]; }: 24 bytes, Data at 20. */
  readonly POWERBROADCAST_SETTING: TypeObject;
  readonly STARTUPINFOEXW: TypeObject;
  readonly PROCESS_INFORMATION: TypeObject;
  readonly JOBOBJECT_EXTENDED_LIMIT_INFORMATION: TypeObject;
  readonly TOKEN_STATISTICS: TypeObject;
  readonly SID_AND_ATTRIBUTES: TypeObject;
  readonly OSVERSIONINFOW: TypeObject;
  readonly BY_HANDLE_FILE_INFORMATION: TypeObject;
  /** void ServiceMain(DWORD argc, LPWSTR *argv) */
  readonly ServiceMainProc: TypeObject;
  /** DWORD HandlerEx(DWORD control, DWORD eventType, LPVOID eventData, LPVOID context) */
  readonly HandlerExProc: TypeObject;
  /** void WaitOrTimerCallback(PVOID context, BOOLEAN timerOrWaitFired) */
  readonly WaitOrTimerCallback: TypeObject;
}

/** Defines the aliases and structs once in a koffi instance (koffi's type names are global). */
export function defineTypes(koffi: Koffi): Win32Types {
  for (const [name, type] of ALIASES) koffi.alias(name, type);
  const luid = koffi.struct('LUID', { LowPart: 'DWORD', HighPart: 'LONG' });
  const fileTime = koffi.struct('FILETIME', { dwLowDateTime: 'DWORD', dwHighDateTime: 'DWORD' });
  const guid = koffi.struct('GUID', { Data1: 'DWORD', Data2: 'WORD', Data3: 'WORD', Data4: koffi.array('BYTE', 8, 'Array') });
  const startupInfo = koffi.struct('STARTUPINFOW', {
    cb: 'DWORD',
    lpReserved: 'void *',
    // A pointer to a buffer Tandem keeps alive (a JS string here would live only during encode).
    lpDesktop: 'void *',
    lpTitle: 'void *',
    dwX: 'DWORD',
    dwY: 'DWORD',
    dwXSize: 'DWORD',
    dwYSize: 'DWORD',
    dwXCountChars: 'DWORD',
    dwYCountChars: 'DWORD',
    dwFillAttribute: 'DWORD',
    dwFlags: 'DWORD',
    wShowWindow: 'WORD',
    cbReserved2: 'WORD',
    lpReserved2: 'void *',
    hStdInput: 'HANDLE',
    hStdOutput: 'HANDLE',
    hStdError: 'HANDLE',
  });
  const serviceStatusFields = {
    dwServiceType: 'DWORD',
    dwCurrentState: 'DWORD',
    dwControlsAccepted: 'DWORD',
    dwWin32ExitCode: 'DWORD',
    dwServiceSpecificExitCode: 'DWORD',
    dwCheckPoint: 'DWORD',
    dwWaitHint: 'DWORD',
  };
  return {
    SECURITY_ATTRIBUTES: koffi.struct('SECURITY_ATTRIBUTES', { nLength: 'DWORD', lpSecurityDescriptor: 'void *', bInheritHandle: 'BOOL' }),
    SERVICE_STATUS: koffi.struct('SERVICE_STATUS', serviceStatusFields),
    SERVICE_STATUS_PROCESS: koffi.struct('SERVICE_STATUS_PROCESS', { ...serviceStatusFields, dwProcessId: 'DWORD', dwServiceFlags: 'DWORD' }),
    SERVICE_TABLE_ENTRYW: koffi.struct('SERVICE_TABLE_ENTRYW', { lpServiceName: 'void *', lpServiceProc: 'void *' }),
    QUERY_SERVICE_CONFIGW: koffi.struct('QUERY_SERVICE_CONFIGW', {
      dwServiceType: 'DWORD',
      dwStartType: 'DWORD',
      dwErrorControl: 'DWORD',
      lpBinaryPathName: 'const char16_t *',
      lpLoadOrderGroup: 'const char16_t *',
      dwTagId: 'DWORD',
      lpDependencies: 'void *',
      lpServiceStartName: 'const char16_t *',
      lpDisplayName: 'const char16_t *',
    }),
    SC_ACTION: koffi.struct('SC_ACTION', { Type: 'int', Delay: 'DWORD' }),
    SERVICE_FAILURE_ACTIONSW: koffi.struct('SERVICE_FAILURE_ACTIONSW', {
      dwResetPeriod: 'DWORD',
      lpRebootMsg: 'const char16_t *',
      lpCommand: 'const char16_t *',
      cActions: 'DWORD',
      lpsaActions: 'void *',
    }),
    OVERLAPPED: koffi.struct('OVERLAPPED', { Internal: 'ULONG_PTR', InternalHigh: 'ULONG_PTR', Offset: 'DWORD', OffsetHigh: 'DWORD', hEvent: 'HANDLE' }),
    WTS_SESSION_INFOW: koffi.struct('WTS_SESSION_INFOW', { SessionId: 'DWORD', pWinStationName: 'const char16_t *', State: 'int' }),
    WTSSESSION_NOTIFICATION: koffi.struct('WTSSESSION_NOTIFICATION', { cbSize: 'DWORD', dwSessionId: 'DWORD' }),
    GUID: guid,
    POWERBROADCAST_SETTING: koffi.struct('POWERBROADCAST_SETTING', { PowerSetting: guid, DataLength: 'DWORD', Data: koffi.array('uint8_t', 1, 'Array') }),
    STARTUPINFOEXW: koffi.struct('STARTUPINFOEXW', { StartupInfo: startupInfo, lpAttributeList: 'void *' }),
    PROCESS_INFORMATION: koffi.struct('PROCESS_INFORMATION', { hProcess: 'HANDLE', hThread: 'HANDLE', dwProcessId: 'DWORD', dwThreadId: 'DWORD' }),
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION: koffi.struct('JOBOBJECT_EXTENDED_LIMIT_INFORMATION', {
      BasicLimitInformation: koffi.struct('JOBOBJECT_BASIC_LIMIT_INFORMATION', {
        PerProcessUserTimeLimit: 'int64_t',
        PerJobUserTimeLimit: 'int64_t',
        LimitFlags: 'DWORD',
        MinimumWorkingSetSize: 'SIZE_T',
        MaximumWorkingSetSize: 'SIZE_T',
        ActiveProcessLimit: 'DWORD',
        Affinity: 'ULONG_PTR',
        PriorityClass: 'DWORD',
        SchedulingClass: 'DWORD',
      }),
      IoInfo: koffi.struct('IO_COUNTERS', {
        ReadOperationCount: 'uint64_t',
        WriteOperationCount: 'uint64_t',
        OtherOperationCount: 'uint64_t',
        ReadTransferCount: 'uint64_t',
        WriteTransferCount: 'uint64_t',
        OtherTransferCount: 'uint64_t',
      }),
      ProcessMemoryLimit: 'SIZE_T',
      JobMemoryLimit: 'SIZE_T',
      PeakProcessMemoryUsed: 'SIZE_T',
      PeakJobMemoryUsed: 'SIZE_T',
    }),
    // Only the leading fields Tandem reads; GetTokenInformation gets a buffer of the full size.
    TOKEN_STATISTICS: koffi.struct('TOKEN_STATISTICS_HEAD', { TokenId: luid, AuthenticationId: luid }),
    SID_AND_ATTRIBUTES: koffi.struct('SID_AND_ATTRIBUTES', { Sid: 'PSID', Attributes: 'DWORD' }),
    OSVERSIONINFOW: koffi.struct('OSVERSIONINFOW', {
      dwOSVersionInfoSize: 'DWORD',
      dwMajorVersion: 'DWORD',
      dwMinorVersion: 'DWORD',
      dwBuildNumber: 'DWORD',
      dwPlatformId: 'DWORD',
      szCSDVersion: koffi.array('uint16_t', 128, 'Array'),
    }),
    BY_HANDLE_FILE_INFORMATION: koffi.struct('BY_HANDLE_FILE_INFORMATION', {
      dwFileAttributes: 'DWORD',
      ftCreationTime: fileTime,
      ftLastAccessTime: fileTime,
      ftLastWriteTime: fileTime,
      dwVolumeSerialNumber: 'DWORD',
      nFileSizeHigh: 'DWORD',
      nFileSizeLow: 'DWORD',
      nNumberOfLinks: 'DWORD',
      nFileIndexHigh: 'DWORD',
      nFileIndexLow: 'DWORD',
    }),
    ServiceMainProc: koffi.proto('void __stdcall ServiceMainProc(DWORD argc, void *argv)'),
    HandlerExProc: koffi.proto('DWORD __stdcall HandlerExProc(DWORD control, DWORD eventType, void *eventData, void *context)'),
    WaitOrTimerCallback: koffi.proto('void __stdcall WaitOrTimerCallback(void *context, BOOLEAN timerOrWaitFired)'),
  };
}
