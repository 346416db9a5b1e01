/**
 * Starts an agent inside a user's session, as that user, unelevated (the way WireGuard starts
 * its UI): WTSQueryUserToken → never-elevated primary token → the user's environment block →
 * CreateProcessAsUserW on winsta0\default with the profile as working directory. The child
 * inherits exactly three handles (stdin from NUL, stdout and stderr pipes), named in a
 * PROC_THREAD_ATTRIBUTE_HANDLE_LIST, so nothing else the service holds can leak into it. It is
 * created suspended, put in its kill-on-close job, then resumed, so it cannot start anything
 * outside the job. Its exit is observed with RegisterWaitForSingleObject (no libuv thread held).
 */
import type { Socket } from 'node:net';
import { TandemError } from '@tandem/shared';
import { readBoundedLines } from '../../core/bounded-lines.js';
import type { AgentExit, AgentLauncher, AgentProcess, LaunchSpec, Session } from '../platform.js';
import { composeCommandLine } from './command-line.js';
import { userEnvironment } from './environment-block.js';
import { waitForHandle } from './handle-wait.js';
import { assignToJob, createKillOnCloseJob } from './job-object.js';
import { socketFromPipe } from './libuv-stream.js';
import { createOutputPipe, type OutputPipe } from './output-pipe.js';
import { unelevatedSessionToken } from './agent-token.js';
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
import { userenv } from './win32/userenv.js';
import { Win32Error } from './win32/win32-error.js';
import { wideBuffer, wideFromBuffer } from './win32/wide-string.js';

/** What to run as the agent: e.g. node.exe and the headless agent script, or the tray's exe. */
export interface AgentCommand {
  readonly executable: string;
  readonly args: readonly string[];
  /** Extra environment variables, set over the user's own. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The interactive desktop of the session, where a tray icon and windows can appear. */
const DESKTOP = 'winsta0\\default';
/** The exit code TerminateJobObject gives, reported with signal 'SIGKILL' like a killed child elsewhere. */
const TERMINATED_EXIT_CODE = 1;

function profileDirectory(token: Pointer): string | null {
  const size: Out<number> = [0];
  userenv().GetUserProfileDirectoryW(token, null, size);
  if (size[0] === 0) return null;
  const buffer = Buffer.alloc(size[0] * 2);
  return userenv().GetUserProfileDirectoryW(token, buffer, size) === 0 ? null : wideFromBuffer(buffer);
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

function nulInput(): Owned {
  const raw = kernel32().CreateFileW('NUL', GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, null, OPEN_EXISTING, 0, null);
  return ownHandle(checkHandle('CreateFileW', raw, 'NUL'), 'NUL input');
}

export class ProcessAsUserLauncher implements AgentLauncher {
  readonly #command: AgentCommand;

  constructor(command: AgentCommand) {
    this.#command = command;
  }

  async launch(session: Session, spec: LaunchSpec): Promise<AgentProcess> {
    const what = `agent of session ${session.id}`;
    const owned: Owned[] = [];
    const own = <T extends Owned>(item: T): T => {
      owned.push(item);
      return item;
    };
    let stdout: OutputPipe | undefined;
    let stderr: OutputPipe | undefined;
    try {
      const token = own(unelevatedSessionToken(session.id));
      const environment = userEnvironment(token.value, {
        ...this.#command.env,
        TANDEM_ENDPOINT: spec.endpoint,
        TANDEM_SESSION_ID: String(session.id),
      });
      const cwd = profileDirectory(token.value);
      const input = own(nulInput());
      stdout = createOutputPipe(`${session.id}-stdout`);
      stderr = createOutputPipe(`${session.id}-stderr`);
      own(stdout.server);
      own(stdout.child);
      own(stderr.server);
      own(stderr.child);
      const job = own(createKillOnCloseJob(what));
      const info = this.#create(token.value, environment, cwd, [input.value, stdout.child.value, stderr.child.value]);
      const process = own(ownHandle(checkOut('CreateProcessAsUserW', info.hProcess), `process of ${what}`));
      const thread = own(ownHandle(checkOut('CreateProcessAsUserW', info.hThread), `thread of ${what}`));
      try {
        assignToJob(job, process.value);
      } catch (error) {
        kernel32().TerminateProcess(process.value, TERMINATED_EXIT_CODE);
        throw error;
      }
      if (kernel32().ResumeThread(thread.value) === 0xffffffff) {
        const error = new Win32Error('ResumeThread', lastError(), what);
        kernel32().TerminateProcess(process.value, TERMINATED_EXIT_CODE);
        throw error;
      }
      // The child has its own copies now; ours would keep its pipes from ever reporting EOF.
      closeAll(thread, input, stdout.child, stderr.child);
      const streams = [this.#capture(stdout.server, 'stdout', spec), this.#capture(stderr.server, 'stderr', spec)];
      owned.length = 0;
      return this.#observe(info.dwProcessId, process, job, streams);
    } catch (error) {
      closeAll(...owned.reverse());
      if (error instanceof TandemError) throw error;
      throw new TandemError('E_UNAVAILABLE', `cannot start the ${what}: ${(error as Error).message}`, { cause: error });
    }
  }

  #create(token: Pointer, environment: Buffer, cwd: string | null, inherit: readonly Pointer[]): ProcessInformation {
    const attributes = handleList(inherit);
    const desktop = wideBuffer(DESKTOP);
    try {
      const startup: StartupInfoEx = {
        StartupInfo: {
          cb: koffi().sizeof(win32Types().STARTUPINFOEXW),
          lpReserved: null,
          lpDesktop: koffi().address(desktop),
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
          hStdInput: inherit[0] ?? null,
          hStdOutput: inherit[1] ?? null,
          hStdError: inherit[2] ?? null,
        },
        lpAttributeList: koffi().address(attributes.list),
      };
      const startupBuffer = Buffer.alloc(koffi().sizeof(win32Types().STARTUPINFOEXW));
      koffi().encode(startupBuffer, win32Types().STARTUPINFOEXW, startup);
      const informationBuffer = Buffer.alloc(koffi().sizeof(win32Types().PROCESS_INFORMATION));
      const commandLine = wideBuffer(composeCommandLine(this.#command.executable, this.#command.args));
      const flags = CREATE.SUSPENDED | CREATE.UNICODE_ENVIRONMENT | CREATE.EXTENDED_STARTUPINFO_PRESENT | CREATE.NO_WINDOW | CREATE.DEFAULT_ERROR_MODE;
      // Inheritable only for this synchronous moment: no other process can be created meanwhile
      // on this thread, and the handle list limits this child to exactly these three.
      for (const handle of inherit) check('SetHandleInformation', kernel32().SetHandleInformation(handle, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT));
      try {
        const environmentPointer = koffi().address(environment);
        check(
          'CreateProcessAsUserW',
          advapi32().CreateProcessAsUserW(token, this.#command.executable, commandLine, null, null, 1, flags, environmentPointer, cwd, startupBuffer, informationBuffer),
          this.#command.executable,
        );
      } finally {
        for (const handle of inherit) kernel32().SetHandleInformation(handle, HANDLE_FLAG_INHERIT, 0);
      }
      return koffi().decode(informationBuffer, win32Types().PROCESS_INFORMATION) as ProcessInformation;
    } finally {
      attributes.delete();
    }
  }

  #capture(server: Owned, stream: 'stdout' | 'stderr', spec: LaunchSpec): Promise<void> {
    const socket: Socket = socketFromPipe(server);
    socket.on('error', () => undefined);
    // Bounded lines (F5): the user controls these bytes, and an unbounded line would end the service.
    readBoundedLines(socket, (line) => spec.onOutput(stream, line));
    return new Promise((resolve) => socket.once('close', () => resolve()));
  }

  #observe(pid: number, process: Owned, job: Owned, streams: readonly Promise<void>[]): AgentProcess {
    let terminated = false;
    const exited = waitForHandle(process.value, `process ${pid}`).signalled.then(async (): Promise<AgentExit> => {
      const code: Out<number> = [0];
      const known = kernel32().GetExitCodeProcess(process.value, code) !== 0;
      // Closing the job ends whatever the agent left running, which also closes their copies of the output pipes.
      job.close();
      await Promise.all(streams);
      process.close();
      return { code: known ? code[0] : null, signal: terminated ? 'SIGKILL' : null };
    });
    return {
      pid,
      exited,
      terminate: () => {
        if (job.closed) return;
        terminated = true;
        // The whole job: the agent and every process it started.
        kernel32().TerminateJobObject(job.value, TERMINATED_EXIT_CODE);
      },
    };
  }
}
