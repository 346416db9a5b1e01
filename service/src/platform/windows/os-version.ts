/** The running Windows' version, as the kernel reports it (RtlGetVersion), and the start-up check. */
import { decideSupport, type WindowsVersion } from './windows-version.js';
import { koffi, win32Types } from './win32/koffi.js';
import { ntdll } from './win32/ntdll.js';
import type { OsVersionInfo } from './win32/types.js';

export function osVersion(): WindowsVersion {
  const type = win32Types().OSVERSIONINFOW;
  const info = Buffer.alloc(koffi().sizeof(type));
  info.writeUInt32LE(info.length, koffi().offsetof(type, 'dwOSVersionInfoSize'));
  const status = ntdll().RtlGetVersion(info);
  if (status !== 0) throw new Error(`RtlGetVersion failed: NTSTATUS 0x${(status >>> 0).toString(16)}`);
  const version = koffi().decode(info, type) as OsVersionInfo;
  return { major: version.dwMajorVersion, minor: version.dwMinorVersion, build: version.dwBuildNumber };
}

/** Throws, with the reason, on a Windows older than Tandem supports. */
export function assertSupportedWindows(version: WindowsVersion = osVersion()): void {
  const decision = decideSupport(version);
  if (!decision.supported) throw new Error(decision.message);
}
