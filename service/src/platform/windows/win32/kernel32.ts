/** kernel32.dll: declarations only, one line per function. Wrapped by the modules beside this one. */
import { declareLibrary, type Bool, type MaybePointer, type Out, type Pointer } from './koffi.js';
import type { SecurityAttributes } from './types.js';

type Buf = Buffer | Pointer | null;
type SA = SecurityAttributes | null;

export const kernel32 = declareLibrary('kernel32.dll', (fn) => ({
  GetLastError: fn<() => number>('DWORD __stdcall GetLastError()'),
  CloseHandle: fn<(handle: Pointer) => Bool>('BOOL __stdcall CloseHandle(HANDLE hObject)'),
  GetCurrentProcess: fn<() => Pointer>('HANDLE __stdcall GetCurrentProcess()'),
  GetCurrentThread: fn<() => Pointer>('HANDLE __stdcall GetCurrentThread()'),
  GetCurrentProcessId: fn<() => number>('DWORD __stdcall GetCurrentProcessId()'),
  ProcessIdToSessionId: fn<(pid: number, session: Out<number>) => Bool>('BOOL __stdcall ProcessIdToSessionId(DWORD dwProcessId, _Out_ DWORD *pSessionId)'),
  WTSGetActiveConsoleSessionId: fn<() => number>('DWORD __stdcall WTSGetActiveConsoleSessionId()'),
  SetHandleInformation: fn<(handle: Pointer, mask: number, flags: number) => Bool>('BOOL __stdcall SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags)'),
  LocalFree: fn<(memory: Pointer) => MaybePointer>('void * __stdcall LocalFree(void *hMem)'),
  CreateEventW: fn<(sa: SA, manualReset: Bool, initialState: Bool, name: string | null) => MaybePointer>('HANDLE __stdcall CreateEventW(SECURITY_ATTRIBUTES *lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCWSTR lpName)'),
  SetEvent: fn<(event: Pointer) => Bool>('BOOL __stdcall SetEvent(HANDLE hEvent)'),
  OpenEventW: fn<(access: number, inherit: Bool, name: string) => MaybePointer>('HANDLE __stdcall OpenEventW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName)'),
  CreateNamedPipeW: fn<(name: string, openMode: number, pipeMode: number, maxInstances: number, outBuffer: number, inBuffer: number, defaultTimeout: number, sa: SA) => MaybePointer>('HANDLE __stdcall CreateNamedPipeW(LPCWSTR lpName, DWORD dwOpenMode, DWORD dwPipeMode, DWORD nMaxInstances, DWORD nOutBufferSize, DWORD nInBufferSize, DWORD nDefaultTimeOut, SECURITY_ATTRIBUTES *lpSecurityAttributes)'),
  ConnectNamedPipe: fn<(pipe: Pointer, overlapped: Pointer | null) => Bool>('BOOL __stdcall ConnectNamedPipe(HANDLE hNamedPipe, void *lpOverlapped)'),
  GetOverlappedResult: fn<(handle: Pointer, overlapped: Pointer, transferred: Out<number>, wait: Bool) => Bool>('BOOL __stdcall GetOverlappedResult(HANDLE hFile, void *lpOverlapped, _Out_ DWORD *lpNumberOfBytesTransferred, BOOL bWait)'),
  CancelIoEx: fn<(handle: Pointer, overlapped: Pointer | null) => Bool>('BOOL __stdcall CancelIoEx(HANDLE hFile, void *lpOverlapped)'),
  GetNamedPipeClientProcessId: fn<(pipe: Pointer, pid: Out<number>) => Bool>('BOOL __stdcall GetNamedPipeClientProcessId(HANDLE Pipe, _Out_ ULONG *ClientProcessId)'),
  GetNamedPipeClientSessionId: fn<(pipe: Pointer, session: Out<number>) => Bool>('BOOL __stdcall GetNamedPipeClientSessionId(HANDLE Pipe, _Out_ ULONG *ClientSessionId)'),
  GetNamedPipeServerProcessId: fn<(pipe: Pointer, pid: Out<number>) => Bool>('BOOL __stdcall GetNamedPipeServerProcessId(HANDLE Pipe, _Out_ ULONG *ServerProcessId)'),
  WaitNamedPipeW: fn<(name: string, timeoutMs: number) => Bool>('BOOL __stdcall WaitNamedPipeW(LPCWSTR lpNamedPipeName, DWORD nTimeOut)'),
  CreateFileW: fn<(name: string, access: number, share: number, sa: SA, disposition: number, flags: number, template: Pointer | null) => MaybePointer>('HANDLE __stdcall CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode, SECURITY_ATTRIBUTES *lpSecurityAttributes, DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)'),
  CreateDirectoryW: fn<(path: string, sa: SA) => Bool>('BOOL __stdcall CreateDirectoryW(LPCWSTR lpPathName, SECURITY_ATTRIBUTES *lpSecurityAttributes)'),
  RegisterWaitForSingleObject: fn<(wait: Out<MaybePointer>, object: Pointer, callback: Pointer, context: Pointer | null, milliseconds: number, flags: number) => Bool>('BOOL __stdcall RegisterWaitForSingleObject(_Out_ HANDLE *phNewWaitObject, HANDLE hObject, void *Callback, void *Context, ULONG dwMilliseconds, ULONG dwFlags)'),
  UnregisterWaitEx: fn<(wait: Pointer, completionEvent: Pointer | null) => Bool>('BOOL __stdcall UnregisterWaitEx(HANDLE WaitHandle, HANDLE CompletionEvent)'),
  OpenProcess: fn<(access: number, inherit: Bool, pid: number) => MaybePointer>('HANDLE __stdcall OpenProcess(DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwProcessId)'),
  QueryFullProcessImageNameW: fn<(process: Pointer, flags: number, name: Buffer, size: Out<number>) => Bool>('BOOL __stdcall QueryFullProcessImageNameW(HANDLE hProcess, DWORD dwFlags, void *lpExeName, _Inout_ DWORD *lpdwSize)'),
  GetExitCodeProcess: fn<(process: Pointer, code: Out<number>) => Bool>('BOOL __stdcall GetExitCodeProcess(HANDLE hProcess, _Out_ DWORD *lpExitCode)'),
  K32EnumProcesses: fn<(pids: Buffer, bytes: number, returned: Out<number>) => Bool>('BOOL __stdcall K32EnumProcesses(void *lpidProcess, DWORD cb, _Out_ DWORD *lpcbNeeded)'),
  TerminateProcess: fn<(process: Pointer, exitCode: number) => Bool>('BOOL __stdcall TerminateProcess(HANDLE hProcess, UINT uExitCode)'),
  ResumeThread: fn<(thread: Pointer) => number>('DWORD __stdcall ResumeThread(HANDLE hThread)'),
  CreateJobObjectW: fn<(sa: SA, name: string | null) => MaybePointer>('HANDLE __stdcall CreateJobObjectW(SECURITY_ATTRIBUTES *lpJobAttributes, LPCWSTR lpName)'),
  SetInformationJobObject: fn<(job: Pointer, infoClass: number, info: Buf, length: number) => Bool>('BOOL __stdcall SetInformationJobObject(HANDLE hJob, int JobObjectInformationClass, void *lpJobObjectInformation, DWORD cbJobObjectInformationLength)'),
  AssignProcessToJobObject: fn<(job: Pointer, process: Pointer) => Bool>('BOOL __stdcall AssignProcessToJobObject(HANDLE hJob, HANDLE hProcess)'),
  TerminateJobObject: fn<(job: Pointer, exitCode: number) => Bool>('BOOL __stdcall TerminateJobObject(HANDLE hJob, UINT uExitCode)'),
  InitializeProcThreadAttributeList: fn<(list: Buf, count: number, flags: number, size: Out<number>) => Bool>('BOOL __stdcall InitializeProcThreadAttributeList(void *lpAttributeList, DWORD dwAttributeCount, DWORD dwFlags, _Inout_ SIZE_T *lpSize)'),
  UpdateProcThreadAttribute: fn<(list: Buf, flags: number, attribute: number, value: Buf, size: number, previous: null, returnSize: null) => Bool>('BOOL __stdcall UpdateProcThreadAttribute(void *lpAttributeList, DWORD dwFlags, DWORD_PTR Attribute, void *lpValue, SIZE_T cbSize, void *lpPreviousValue, void *lpReturnSize)'),
  DeleteProcThreadAttributeList: fn<(list: Buf) => void>('void __stdcall DeleteProcThreadAttributeList(void *lpAttributeList)'),
}));
