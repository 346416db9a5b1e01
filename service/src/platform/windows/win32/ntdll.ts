/** ntdll.dll: declarations only, one line per function. */
import { declareLibrary } from './koffi.js';

export const ntdll = declareLibrary('ntdll.dll', (fn) => ({
  // Unlike GetVersionExW, not subject to the application manifest's compatibility shims.
  RtlGetVersion: fn<(info: Buffer) => number>('int32_t __stdcall RtlGetVersion(void *lpVersionInformation)'),
}));
