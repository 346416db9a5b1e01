/**
 * The one wrapper between raw declarations and the rest of the Windows platform: each helper
 * turns a failed call (a FALSE, a NULL or INVALID_HANDLE_VALUE, a non-zero status) into a
 * Win32Error naming the API and the code from GetLastError. koffi keeps the thread's last-error
 * value across its own calls, so reading it through koffi right after the call is exact.
 */
import { kernel32 } from './kernel32.js';
import type { MaybePointer, Pointer } from './koffi.js';
import { Win32Error } from './win32-error.js';

/** INVALID_HANDLE_VALUE ((HANDLE)-1), as koffi hands back a 64-bit pointer. */
export const INVALID_HANDLE_VALUE = 0xffffffffffffffffn;

export function lastError(): number {
  return kernel32().GetLastError();
}

/** For BOOL-returning APIs. */
export function check(api: string, result: number, detail?: string): void {
  if (result === 0) throw new Win32Error(api, lastError(), detail);
}

/** For APIs returning a handle or pointer: NULL (and INVALID_HANDLE_VALUE) is failure. */
export function checkHandle(api: string, result: MaybePointer, detail?: string): Pointer {
  if (result === null || result === 0n || result === INVALID_HANDLE_VALUE || result === -1n) throw new Win32Error(api, lastError(), detail);
  return result;
}

/** For APIs that return their error code (registry, GetSecurityInfo). */
export function checkStatus(api: string, status: number, detail?: string): void {
  if (status !== 0) throw new Win32Error(api, status, detail);
}

/** For `_Out_` pointers an API filled on success. */
export function checkOut(api: string, value: MaybePointer): Pointer {
  if (value === null || value === 0n) throw new Win32Error(api, 0, 'returned no value');
  return value;
}
