/**
 * The Win32 declarations, checked on Linux through koffi (npm test): every prototype parses, and
 * every struct Tandem declares has the size and field offsets of the Windows x64 SDK headers
 * (winsvc.h, winbase.h, winnt.h, wtsapi32.h, processthreadsapi.h, jobapi2.h, fileapi.h). The
 * layouts come out the same on Linux because the declarations use fixed-width types only (no
 * `long`, 8 bytes here and 4 on Windows; no `wchar_t`, 4 here and 2 there): the Windows suite lint
 * (test/src/windows-suite-lint.ts) refuses those in any prototype.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as KoffiModule from 'koffi';
import { advapi32 } from '../../../../src/platform/windows/win32/advapi32.js';
import { kernel32 } from '../../../../src/platform/windows/win32/kernel32.js';
import { ntdll } from '../../../../src/platform/windows/win32/ntdll.js';
import { koffi, win32Types } from '../../../../src/platform/windows/win32/koffi.js';
import { ole32, shell32 } from '../../../../src/platform/windows/win32/shell32.js';
import { userenv } from '../../../../src/platform/windows/win32/userenv.js';
import { wtsapi32 } from '../../../../src/platform/windows/win32/wtsapi32.js';

type TypeObject = KoffiModule.TypeObject;

/** Size, then each field's offset, as the x64 SDK lays the struct out (koffi's name of it as key). */
const SDK_X64: Record<string, { size: number; offsets: Record<string, number> }> = {
  SECURITY_ATTRIBUTES: { size: 24, offsets: { nLength: 0, lpSecurityDescriptor: 8, bInheritHandle: 16 } },
  SERVICE_STATUS: {
    size: 28,
    offsets: { dwServiceType: 0, dwCurrentState: 4, dwControlsAccepted: 8, dwWin32ExitCode: 12, dwServiceSpecificExitCode: 16, dwCheckPoint: 20, dwWaitHint: 24 },
  },
  SERVICE_STATUS_PROCESS: {
    size: 36,
    offsets: {
      dwServiceType: 0,
      dwCurrentState: 4,
      dwControlsAccepted: 8,
      dwWin32ExitCode: 12,
      dwServiceSpecificExitCode: 16,
      dwCheckPoint: 20,
      dwWaitHint: 24,
      dwProcessId: 28,
      dwServiceFlags: 32,
    },
  },
  // scm-host.ts writes the table by hand at these offsets: the name at 0, ServiceMain at 8.
  SERVICE_TABLE_ENTRYW: { size: 16, offsets: { lpServiceName: 0, lpServiceProc: 8 } },
  QUERY_SERVICE_CONFIGW: {
    size: 64,
    offsets: {
      dwServiceType: 0,
      dwStartType: 4,
      dwErrorControl: 8,
      lpBinaryPathName: 16,
      lpLoadOrderGroup: 24,
      dwTagId: 32,
      lpDependencies: 40,
      lpServiceStartName: 48,
      lpDisplayName: 56,
    },
  },
  SC_ACTION: { size: 8, offsets: { Type: 0, Delay: 4 } },
  SERVICE_FAILURE_ACTIONSW: { size: 40, offsets: { dwResetPeriod: 0, lpRebootMsg: 8, lpCommand: 16, cActions: 24, lpsaActions: 32 } },
  OVERLAPPED: { size: 32, offsets: { Internal: 0, InternalHigh: 8, Offset: 16, OffsetHigh: 20, hEvent: 24 } },
  WTS_SESSION_INFOW: { size: 24, offsets: { SessionId: 0, pWinStationName: 8, State: 16 } },
  WTSSESSION_NOTIFICATION: { size: 8, offsets: { cbSize: 0, dwSessionId: 4 } },
  GUID: { size: 16, offsets: { Data1: 0, Data2: 4, Data3: 6, Data4: 8 } },
  // { GUID PowerSetting; DWORD DataLength; UCHAR Data[1]; }: 21 bytes, padded to 24.
  POWERBROADCAST_SETTING: { size: 24, offsets: { PowerSetting: 0, DataLength: 16, Data: 20 } },
  STARTUPINFOW: {
    size: 104,
    offsets: {
      cb: 0,
      lpReserved: 8,
      lpDesktop: 16,
      lpTitle: 24,
      dwX: 32,
      dwY: 36,
      dwXSize: 40,
      dwYSize: 44,
      dwXCountChars: 48,
      dwYCountChars: 52,
      dwFillAttribute: 56,
      dwFlags: 60,
      wShowWindow: 64,
      cbReserved2: 66,
      lpReserved2: 72,
      hStdInput: 80,
      hStdOutput: 88,
      hStdError: 96,
    },
  },
  STARTUPINFOEXW: { size: 112, offsets: { StartupInfo: 0, lpAttributeList: 104 } },
  PROCESS_INFORMATION: { size: 24, offsets: { hProcess: 0, hThread: 8, dwProcessId: 16, dwThreadId: 20 } },
  JOBOBJECT_BASIC_LIMIT_INFORMATION: {
    size: 64,
    offsets: {
      PerProcessUserTimeLimit: 0,
      PerJobUserTimeLimit: 8,
      LimitFlags: 16,
      MinimumWorkingSetSize: 24,
      MaximumWorkingSetSize: 32,
      ActiveProcessLimit: 40,
      Affinity: 48,
      PriorityClass: 56,
      SchedulingClass: 60,
    },
  },
  IO_COUNTERS: {
    size: 48,
    offsets: { ReadOperationCount: 0, WriteOperationCount: 8, OtherOperationCount: 16, ReadTransferCount: 24, WriteTransferCount: 32, OtherTransferCount: 40 },
  },
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION: {
    size: 144,
    offsets: { BasicLimitInformation: 0, IoInfo: 64, ProcessMemoryLimit: 112, JobMemoryLimit: 120, PeakProcessMemoryUsed: 128, PeakJobMemoryUsed: 136 },
  },
  LUID: { size: 8, offsets: { LowPart: 0, HighPart: 4 } },
  // The head of TOKEN_STATISTICS (56 bytes): GetTokenInformation gets a buffer of the full size.
  TOKEN_STATISTICS_HEAD: { size: 16, offsets: { TokenId: 0, AuthenticationId: 8 } },
  SID_AND_ATTRIBUTES: { size: 16, offsets: { Sid: 0, Attributes: 8 } },
  OSVERSIONINFOW: { size: 276, offsets: { dwOSVersionInfoSize: 0, dwMajorVersion: 4, dwMinorVersion: 8, dwBuildNumber: 12, dwPlatformId: 16, szCSDVersion: 20 } },
  FILETIME: { size: 8, offsets: { dwLowDateTime: 0, dwHighDateTime: 4 } },
  BY_HANDLE_FILE_INFORMATION: {
    size: 52,
    offsets: {
      dwFileAttributes: 0,
      ftCreationTime: 4,
      ftLastAccessTime: 12,
      ftLastWriteTime: 20,
      dwVolumeSerialNumber: 28,
      nFileSizeHigh: 32,
      nFileSizeLow: 36,
      nNumberOfLinks: 40,
      nFileIndexHigh: 44,
      nFileIndexLow: 48,
    },
  },
};

/** Every struct reachable from the declared types, nested ones included, by koffi's name. */
function declaredStructs(): Map<string, TypeObject> {
  const found = new Map<string, TypeObject>();
  const visit = (type: TypeObject): void => {
    const info = koffi().type(type);
    if (info.primitive === 'Array' && info.ref !== undefined) visit(info.ref);
    if (info.primitive !== 'Record' || found.has(info.name)) return;
    found.set(info.name, type);
    for (const member of Object.values(info.members ?? {})) visit(member.type);
  };
  for (const type of Object.values(win32Types())) visit(type);
  return found;
}

test('every Win32 prototype parses with the declared type names (checked without the DLLs)', () => {
  assert.ok(kernel32.verify() > 30);
  assert.ok(advapi32.verify() > 40);
  assert.ok(wtsapi32.verify() >= 5);
  assert.ok(userenv.verify() >= 3);
  assert.equal(shell32.verify(), 1);
  assert.equal(ole32.verify(), 1);
  assert.equal(ntdll.verify(), 1);
});

test('the Win32 type names have their Windows x64 sizes (LONG is 4 bytes, as on Windows, not 8 as a Linux long)', () => {
  const sizes: Record<string, number> = { BOOL: 4, BOOLEAN: 1, BYTE: 1, WORD: 2, DWORD: 4, ULONG: 4, UINT: 4, LONG: 4, LSTATUS: 4, SIZE_T: 8, DWORD_PTR: 8, ULONG_PTR: 8 };
  for (const name of ['HANDLE', 'SC_HANDLE', 'SERVICE_STATUS_HANDLE', 'HKEY', 'PSID', 'PVOID', 'LPCWSTR']) sizes[name] = 8;
  for (const [name, size] of Object.entries(sizes)) assert.equal(koffi().sizeof(name), size, name);
  assert.equal(koffi().sizeof('char16_t'), 2, 'WCHAR');
});

test('every declared struct has the size and field offsets of the Windows x64 headers', () => {
  const structs = declaredStructs();
  assert.deepEqual([...structs.keys()].filter((name) => !(name in SDK_X64)), [], 'structs declared without their SDK layout here');
  for (const [name, type] of structs) {
    const info = koffi().type(type);
    const offsets = Object.fromEntries(Object.values(info.members ?? {}).map((member) => [member.name, member.offset]));
    assert.deepEqual({ size: info.size, offsets }, SDK_X64[name], name);
  }
  assert.deepEqual(Object.keys(SDK_X64).filter((name) => !structs.has(name)), [], 'layouts listed here for structs no longer declared');
});
