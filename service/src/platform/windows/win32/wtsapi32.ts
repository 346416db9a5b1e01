/** wtsapi32.dll: declarations only, one line per function. Wrapped by the modules beside this one. */
import { declareLibrary, type Bool, type MaybePointer, type Out, type Pointer } from './koffi.js';

export const wtsapi32 = declareLibrary('wtsapi32.dll', (fn) => ({
  WTSEnumerateSessionsW: fn<(server: Pointer | null, reserved: number, version: number, sessions: Out<MaybePointer>, count: Out<number>) => Bool>('BOOL __stdcall WTSEnumerateSessionsW(HANDLE hServer, DWORD Reserved, DWORD Version, _Out_ void **ppSessionInfo, _Out_ DWORD *pCount)'),
  WTSQuerySessionInformationW: fn<(server: Pointer | null, session: number, infoClass: number, buffer: Out<MaybePointer>, bytes: Out<number>) => Bool>('BOOL __stdcall WTSQuerySessionInformationW(HANDLE hServer, DWORD SessionId, int WTSInfoClass, _Out_ void **ppBuffer, _Out_ DWORD *pBytesReturned)'),
  WTSQueryUserToken: fn<(session: number, token: Out<MaybePointer>) => Bool>('BOOL __stdcall WTSQueryUserToken(ULONG SessionId, _Out_ HANDLE *phToken)'),
  WTSSendMessageW: fn<(server: Pointer | null, session: number, title: string, titleBytes: number, message: string, messageBytes: number, style: number, timeoutSeconds: number, response: Out<number>, wait: Bool) => Bool>('BOOL __stdcall WTSSendMessageW(HANDLE hServer, DWORD SessionId, LPCWSTR pTitle, DWORD TitleLength, LPCWSTR pMessage, DWORD MessageLength, DWORD Style, DWORD Timeout, _Out_ DWORD *pResponse, BOOL bWait)'),
  WTSFreeMemory: fn<(memory: Pointer) => void>('void __stdcall WTSFreeMemory(void *pMemory)'),
}));
