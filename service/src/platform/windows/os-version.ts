/** The running Windows' version, as the kernel reports it (RtlGetVersion), and the start-up check. */
import { decideSupport, type WindowsVersion } from './windows-version.js';
import { ntdll } from './win32/ntdll.js';

/** OSVERSIONINFOW: five DWORDs, then WCHAR szCSDVersion[128]. */
export const OSVERSIONINFOW_SIZE = 5 * 4 + 128 * 2;

export function osVersion(): WindowsVersion {
  const info = Buffer.alloc(OSVERSIONINFOW_SIZE);
  info.writeUInt32LE(OSVERSIONINFOW_SIZE, 0);
  const status = ntdll().RtlGetVersion(info);
  if (status !== 0) throw new Error(`RtlGetVersion failed: NTSTATUS 0x${(status >>> 0).toString(16)}`);
  return { major: info.readUInt32LE(4), minor: info.readUInt32LE(8), build: info.readUInt32LE(12) };
}

/** Throws, with the reason, on a Windows older than Tandem supports. */
export function assertSupportedWindows(version: WindowsVersion = osVersion()): void {
  const decision = decideSupport(version);
  if (!decision.supported) throw new Error(decision.message);
}
