/** shell32.dll and ole32.dll (what its results are freed with): declarations only, one line per function. */
import { declareLibrary, type MaybePointer, type Out, type Pointer } from './koffi.js';

export const shell32 = declareLibrary('shell32.dll', (fn) => ({
  SHGetKnownFolderPath: fn<(folderId: Buffer, flags: number, token: Pointer | null, path: Out<MaybePointer>) => number>('int32_t __stdcall SHGetKnownFolderPath(void *rfid, DWORD dwFlags, HANDLE hToken, _Out_ void **ppszPath)'),
}));

export const ole32 = declareLibrary('ole32.dll', (fn) => ({
  CoTaskMemFree: fn<(memory: Pointer) => void>('void __stdcall CoTaskMemFree(void *pv)'),
}));
