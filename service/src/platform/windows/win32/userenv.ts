/** userenv.dll: declarations only, one line per function. Wrapped by the modules beside this one. */
import { declareLibrary, type Bool, type MaybePointer, type Out, type Pointer } from './koffi.js';

export const userenv = declareLibrary('userenv.dll', (fn) => ({
  CreateEnvironmentBlock: fn<(environment: Out<MaybePointer>, token: Pointer | null, inherit: Bool) => Bool>('BOOL __stdcall CreateEnvironmentBlock(_Out_ void **lpEnvironment, HANDLE hToken, BOOL bInherit)'),
  DestroyEnvironmentBlock: fn<(environment: Pointer) => Bool>('BOOL __stdcall DestroyEnvironmentBlock(void *lpEnvironment)'),
  GetUserProfileDirectoryW: fn<(token: Pointer, directory: Buffer | null, size: Out<number>) => Bool>('BOOL __stdcall GetUserProfileDirectoryW(HANDLE hToken, void *lpProfileDir, _Inout_ DWORD *lpcchSize)'),
}));
