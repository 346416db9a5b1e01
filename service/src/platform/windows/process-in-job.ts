/**
 * How the service starts every program it runs, agents and tray actions alike: a command line
 * composed from an application name and quoted arguments (never a shell), a Unicode environment
 * block built by the caller, exactly the three stdio handles named in a
 * PROC_THREAD_ATTRIBUTE_HANDLE_LIST (so nothing else the service holds leaks into the child),
 * created suspended, put in its own kill-on-close job, then resumed, so it cannot start anything
 * outside the job.
 */
import { composeCommandLine } from './command-line.js';
import { assignToJob, createKillOnCloseJob } from './job-object.js';
import { advapi32 } from './win32/advapi32.js';
import { check, checkHandle, checkOut, lastError } from './win32/call.js';
import {
  CREATE,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  GENERIC_READ,
  HANDLE_FLAG_INHERIT,
  OPEN_EXISTING,
  PROC_THREAD_ATTRIBUTE_HANDLE_LIST,
  STARTF_USESTDHANDLES,
} from './win32/constants.js';
import { closeAll, ownHandle, type Owned } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import { koffi, win32Types, type Out, type Pointer } from './win32/koffi.js';
import type { ProcessInformation, StartupInfoEx } from './win32/types.js';
import { Win32Error } from './win32/win32-error.js';
import { wideBuffer } from './win32/wide-string.js';

/** The interactive desktop of a user's session, where a tray icon and windows can appear. */
export const SESSION_DESKTOP = 'winsta0\\default';
/** The exit code TerminateJobObject gives every process it ends. */
export const TERMINATED_EXIT_CODE = 1;

export interface JobLaunch {
  /** A primary token to run as (CreateProcessAsUserW); null runs as the service itself (CreateProcessW). */
  readonly token: Pointer | null;
  /** Absolute path: the application name, so no search and no shell decides what runs. */
  readonly executable: string;
  readonly args: readonly string[];
  /** A Unicode environment block (environment-block.ts). */
  readonly environment: Buffer;
  readonly cwd: string | null;
  /** SESSION_DESKTOP to appear on a user's desktop; null keeps the service's own (session 0). */
  readonly desktop: string | null;
  /** The only handles the child inherits; stdout and stderr may be one handle. The caller closes its copies once started. */
  readonly stdio: { readonly input: Pointer; readonly output: Pointer; readonly error: Pointer };
  /** For errors: `agent of session 2`. */
  readonly what: string;
}

export interface ProcessInJob {
  readonly pid: number;
  /** Signalled when the process exits. The caller closes it. */
  readonly process: Owned;
  /** The process's kill-on-close job: closing it ends the process and everything it started. The caller closes it. */
  readonly job: Owned;
}

/** A handle reading from NUL: a child's stdin that is always at end of file. The caller closes it. */
export function nulInput(): Owned {
  const raw = kernel32().CreateFileW('NUL', GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, null, OPEN_EXISTING, 0, null);
  return ownHandle(checkHandle('CreateFileW', raw, 'NUL'), 'NUL input');
}

/** A PROC_THREAD_ATTRIBUTE_LIST naming the only handles the child may inherit. */
function handleList(handles: readonly Pointer[]): { list: Buffer; values: Buffer; delete(): void } {
  const size: Out<number> = [0];
  kernel32().InitializeProcThreadAttributeList(null, 1, 0, size);
  const list = Buffer.alloc(Number(size[0]));
  check('InitializeProcThreadAttributeList', kernel32().InitializeProcThreadAttributeList(list, 1, 0, size));
  const values = Buffer.alloc(8 * handles.length);
  handles.forEach((handle, i) => values.writeBigUInt64LE(handle, i * 8));
  try {
    check('UpdateProcThreadAttribute', kernel32().UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, values, values.length, null, null));
  } catch (error) {
    kernel32().DeleteProcThreadAttributeList(list);
    throw error;
  }
  return { list, values, delete: () => kernel32().DeleteProcThreadAttributeList(list) };
}

function startupInfo(launch: JobLaunch, attributes: Buffer, desktop: Buffer | null): Buffer {
  const startup: StartupInfoEx = {
    StartupInfo: {
      cb: koffi().sizeof(win32Types().STARTUPINFOEXW),
      lpReserved: null,
      lpDesktop: desktop === null ? null : koffi().address(desktop),
      lpTitle: null,
      dwX: 0,
      dwY: 0,
      dwXSize: 0,
      dwYSize: 0,
      dwXCountChars: 0,
      dwYCountChars: 0,
      dwFillAttribute: 0,
      dwFlags: STARTF_USESTDHANDLES,
      wShowWindow: 0,
      cbReserved2: 0,
      lpReserved2: null,
      hStdInput: launch.stdio.input,
      hStdOutput: launch.stdio.output,
      hStdError: launch.stdio.error,
    },
    lpAttributeList: koffi().address(attributes),
  };
  const buffer = Buffer.alloc(koffi().sizeof(win32Types().STARTUPINFOEXW));
  koffi().encode(buffer, win32Types().STARTUPINFOEXW, startup);
  return buffer;
}

/** Creates the process suspended; throws a Win32Error naming the API and the program when it cannot. */
function createSuspended(launch: JobLaunch): ProcessInformation {
  // One handle may be both stdout and stderr; the list names each once.
  const inherit = [...new Set([launch.stdio.input, launch.stdio.output, launch.stdio.error])];
  const attributes = handleList(inherit);
  const desktop = launch.desktop === null ? null : wideBuffer(launch.desktop);
  try {
    const startup = startupInfo(launch, attributes.list, desktop);
    const information = Buffer.alloc(koffi().sizeof(win32Types().PROCESS_INFORMATION));
    const commandLine = wideBuffer(composeCommandLine(launch.executable, launch.args));
    const flags = CREATE.SUSPENDED | CREATE.UNICODE_ENVIRONMENT | CREATE.EXTENDED_STARTUPINFO_PRESENT | CREATE.NO_WINDOW | CREATE.DEFAULT_ERROR_MODE;
    const environment = koffi().address(launch.environment);
    // Inheritable only for this synchronous moment: no other process can be created meanwhile
    // on this thread, and the handle list limits this child to exactly these.
    for (const handle of inherit) check('SetHandleInformation', kernel32().SetHandleInformation(handle, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT));
    try {
      if (launch.token === null) {
        check('CreateProcessW', kernel32().CreateProcessW(launch.executable, commandLine, null, null, 1, flags, environment, launch.cwd, startup, information), launch.executable);
      } else {
        check('CreateProcessAsUserW', advapi32().CreateProcessAsUserW(launch.token, launch.executable, commandLine, null, null, 1, flags, environment, launch.cwd, startup, information), launch.executable);
      }
    } finally {
      for (const handle of inherit) kernel32().SetHandleInformation(handle, HANDLE_FLAG_INHERIT, 0);
    }
    return koffi().decode(information, win32Types().PROCESS_INFORMATION) as ProcessInformation;
  } finally {
    attributes.delete();
  }
}

/** Starts `launch` inside a new kill-on-close job; nothing of it runs before it is in the job. */
export function startInJob(launch: JobLaunch): ProcessInJob {
  const job = createKillOnCloseJob(launch.what);
  let process: Owned | undefined;
  let thread: Owned | undefined;
  try {
    const api = launch.token === null ? 'CreateProcessW' : 'CreateProcessAsUserW';
    const info = createSuspended(launch);
    process = ownHandle(checkOut(api, info.hProcess), `process of ${launch.what}`);
    thread = ownHandle(checkOut(api, info.hThread), `thread of ${launch.what}`);
    try {
      assignToJob(job, process.value);
      if (kernel32().ResumeThread(thread.value) === 0xffffffff) throw new Win32Error('ResumeThread', lastError(), launch.what);
    } catch (error) {
      kernel32().TerminateProcess(process.value, TERMINATED_EXIT_CODE);
      throw error;
    }
    const started = { pid: info.dwProcessId, process, job };
    process = undefined;
    return started;
  } catch (error) {
    closeAll(process, job);
    throw error;
  } finally {
    thread?.close();
  }
}
