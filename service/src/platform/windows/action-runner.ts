/**
 * Runs administrator-defined tray actions on Windows (platform.ts's ActionRunner). A `system`
 * action runs as the service itself (LocalSystem, session 0, CreateProcessW) in the program's own
 * folder; a `user` action gets what that session's agent gets (session-user-launch.ts): the
 * user's unelevated token, profile folder and desktop. Both go through the service's one launch
 * path (process-in-job.ts): no shell, nothing from the request on the command line or in the
 * environment (action-environment.ts), stdin from NUL, stdout and stderr into one pipe that libuv
 * reads to the end (action-output.ts keeps the first bytes), created suspended inside a
 * kill-on-close job. At the time limit, or when the service stops (the spec's signal), the job
 * is terminated: the program and everything it started. When the program ends, whatever it left running ends too. Waiting costs no libuv
 * thread (handle-wait.ts). A run never rejects: what cannot start settles as `failed-to-start`.
 */
import type { Socket } from 'node:net';
import path from 'node:path';
import { TandemError } from '@tandem/shared';
import type { ActionRunner, ActionRunResult, ActionRunSpec } from '../platform.js';
import { actionVariables } from './action-environment.js';
import { BoundedOutput } from './action-output.js';
import { checkActionProgram, programPathProblem } from './action-program.js';
import { buildEnvironmentBlock, environmentOf } from './environment-block.js';
import { waitForHandle, type HandleWait } from './handle-wait.js';
import { socketFromPipe } from './libuv-stream.js';
import { createOutputPipe } from './output-pipe.js';
import { nulInput, startInJob, TERMINATED_EXIT_CODE, type ProcessInJob } from './process-in-job.js';
import { sessionUserLaunch } from './session-user-launch.js';
import { TOKEN } from './win32/constants.js';
import { closeAll, type Owned } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import type { Out, Pointer } from './win32/koffi.js';
import { openProcessToken } from './win32/token.js';
import { Win32Error, win32ErrorName } from './win32/win32-error.js';

/** setTimeout's largest delay (about 24.8 days); a longer one would fire at once. */
const MAX_TIME_LIMIT_MS = 2_147_483_647;
/**
 * After the job has ended, how long the rest of the output may take to arrive. Every process
 * holding the pipe is gone by then, so the end comes at once, unless the program handed its
 * handle to a process outside the job (DuplicateHandle): then the reading stops here.
 */
const DRAIN_GRACE_MS = 2_000;

/** Who the program runs as, where, and the token whose account's environment it gets. */
interface RunIdentity {
  /** For CreateEnvironmentBlock; closed once the program started. */
  readonly token: Owned;
  /** The token to start it with; null: as the service itself. */
  readonly launchAs: Pointer | null;
  readonly cwd: string | null;
  readonly desktop: string | null;
}

interface Running {
  readonly child: ProcessInJob;
  /** Settles when the program's process has exited. */
  readonly exited: Promise<void>;
  readonly output: Socket;
}

function runIdentity(spec: ActionRunSpec): RunIdentity {
  if (spec.runAs === 'user') {
    const user = sessionUserLaunch(spec.session.id, `an action in session ${spec.session.id}`);
    return { token: user.token, launchAs: user.token.value, cwd: user.cwd, desktop: user.desktop };
  }
  // CreateEnvironmentBlock needs query, duplicate and impersonate access to the service's own token.
  const token = openProcessToken(kernel32().GetCurrentProcess(), TOKEN.QUERY | TOKEN.DUPLICATE | TOKEN.IMPERSONATE);
  // The program's folder was checked to be writable only by trusted accounts (action-program.ts).
  return { token, launchAs: null, cwd: path.win32.dirname(spec.program), desktop: null };
}

function start(spec: ActionRunSpec): Running {
  const owned: Owned[] = [];
  const own = <T extends Owned>(item: T): T => {
    owned.push(item);
    return item;
  };
  let wait: HandleWait | undefined;
  try {
    const identity = runIdentity(spec);
    own(identity.token);
    const environment = buildEnvironmentBlock(actionVariables(environmentOf(identity.token.value), spec.runAs));
    const input = own(nulInput());
    const pipe = createOutputPipe('action');
    own(pipe.server);
    own(pipe.child);
    const child = startInJob({
      token: identity.launchAs,
      executable: spec.program,
      args: spec.args,
      environment,
      cwd: identity.cwd,
      desktop: identity.desktop,
      stdio: { input: input.value, output: pipe.child.value, error: pipe.child.value },
      what: `action run for session ${spec.session.id}`,
    });
    own(child.process);
    own(child.job);
    wait = waitForHandle(child.process.value, `action process ${child.pid}`);
    // The child has its own copies; ours would keep the pipe from ever reporting its end.
    closeAll(identity.token, input, pipe.child);
    return { child, exited: wait.signalled, output: socketFromPipe(pipe.server) };
  } catch (error) {
    // Closing the job ends the program if it started.
    wait?.cancel();
    closeAll(...owned.reverse());
    throw error;
  }
}

/**
 * Why the run could not start, without the program's path or arguments: the result may reach the
 * requesting user, and an action's definition stays the administrator's (`CreateProcessW failed:
 * 2 ERROR_FILE_NOT_FOUND`).
 */
function startFailure(error: unknown): string {
  if (error instanceof Win32Error) return `${error.api} failed: ${error.code} ${win32ErrorName(error.code)}`;
  if (error instanceof TandemError) return error.message;
  return 'the program could not be started';
}

function specProblem(spec: ActionRunSpec): string | undefined {
  if (!Number.isInteger(spec.timeLimitMs) || spec.timeLimitMs < 1 || spec.timeLimitMs > MAX_TIME_LIMIT_MS) {
    return `Expected timeLimitMs to be an integer from 1 to ${MAX_TIME_LIMIT_MS}, got ${spec.timeLimitMs}`;
  }
  if (!Number.isSafeInteger(spec.outputLimitBytes) || spec.outputLimitBytes < 0) return `Expected outputLimitBytes to be an integer from 0 up, got ${spec.outputLimitBytes}`;
  return undefined;
}

/** Reads the output to its end, or until DRAIN_GRACE_MS after the job ended. */
async function drain(output: Socket, closed: Promise<void>): Promise<void> {
  const grace = setTimeout(() => output.destroy(), DRAIN_GRACE_MS);
  await closed;
  clearTimeout(grace);
}

async function supervise({ child, exited, output }: Running, spec: ActionRunSpec, started: number): Promise<ActionRunResult> {
  const kept = new BoundedOutput(spec.outputLimitBytes);
  output.on('data', (chunk: Buffer) => kept.add(chunk));
  output.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => output.once('close', () => resolve()));
  let timedOut = false;
  // At the time limit, or when the service stops (spec.signal), the job ends: the program and all it started.
  const end = (): void => {
    timedOut = true;
    kernel32().TerminateJobObject(child.job.value, TERMINATED_EXIT_CODE);
  };
  const limit = setTimeout(end, spec.timeLimitMs);
  if (spec.signal?.aborted === true) end();
  else spec.signal?.addEventListener('abort', end, { once: true });
  await exited;
  clearTimeout(limit);
  spec.signal?.removeEventListener('abort', end);
  const durationMs = Math.round(performance.now() - started);
  const code: Out<number> = [0];
  const known = kernel32().GetExitCodeProcess(child.process.value, code) !== 0;
  // Nothing the program started outlives its run; their copies of the output pipe close with them.
  kernel32().TerminateJobObject(child.job.value, TERMINATED_EXIT_CODE);
  closeAll(child.job, child.process);
  await drain(output, closed);
  return {
    outcome: timedOut ? 'timed-out' : 'exited',
    exitCode: timedOut || !known ? null : code[0],
    output: kept.text(),
    outputBytes: kept.bytes,
    durationMs,
  };
}

export class WindowsActionRunner implements ActionRunner {
  async checkProgram(program: string): Promise<void> {
    checkActionProgram(program);
  }

  async run(spec: ActionRunSpec): Promise<ActionRunResult> {
    const started = performance.now();
    const failed = (error: string): ActionRunResult => ({ outcome: 'failed-to-start', exitCode: null, output: '', outputBytes: 0, durationMs: Math.round(performance.now() - started), error });
    // checkProgram has judged the program before; its message names the path, this one may reach the user.
    if (programPathProblem(spec.program) !== undefined) return failed("the action's program is not a drive-absolute path to an executable (checkProgram says why)");
    const problem = specProblem(spec);
    if (problem !== undefined) return failed(problem);
    let running: Running;
    try {
      running = start(spec);
    } catch (error) {
      return failed(startFailure(error));
    }
    return supervise(running, spec, started);
  }
}
