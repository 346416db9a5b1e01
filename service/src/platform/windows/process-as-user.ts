/**
 * Starts an agent inside a user's session, as that user, unelevated: the session user's launch
 * (session-user-launch.ts) with the user's own environment block, through the service's one
 * launch path (process-in-job.ts): no shell, exactly three inherited handles (stdin from NUL,
 * stdout and stderr pipes), suspended until it is inside its kill-on-close job. Its exit is
 * observed with RegisterWaitForSingleObject (no libuv thread held).
 */
import type { Socket } from 'node:net';
import { TandemError } from '@tandem/shared';
import { readBoundedLines } from '../../core/bounded-lines.js';
import type { AgentExit, AgentLauncher, AgentProcess, LaunchSpec, Session } from '../platform.js';
import { userEnvironment } from './environment-block.js';
import { waitForHandle } from './handle-wait.js';
import { socketFromPipe } from './libuv-stream.js';
import { createOutputPipe, type OutputPipe } from './output-pipe.js';
import { nulInput, startInJob, TERMINATED_EXIT_CODE } from './process-in-job.js';
import { sessionUserLaunch } from './session-user-launch.js';
import { closeAll, type Owned } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import type { Out } from './win32/koffi.js';

/** What to run as the agent: e.g. node.exe and the headless agent script, or the tray's exe. */
export interface AgentCommand {
  readonly executable: string;
  readonly args: readonly string[];
  /** Extra environment variables, set over the user's own. */
  readonly env?: Readonly<Record<string, string>>;
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
      const user = sessionUserLaunch(session.id, `an agent in session ${session.id}`);
      own(user.token);
      const environment = userEnvironment(user.token.value, {
        ...this.#command.env,
        TANDEM_ENDPOINT: spec.endpoint,
        TANDEM_SESSION_ID: String(session.id),
      });
      const input = own(nulInput());
      stdout = createOutputPipe(`${session.id}-stdout`);
      stderr = createOutputPipe(`${session.id}-stderr`);
      own(stdout.server);
      own(stdout.child);
      own(stderr.server);
      own(stderr.child);
      const child = startInJob({
        token: user.token.value,
        executable: this.#command.executable,
        args: this.#command.args,
        environment,
        cwd: user.cwd,
        desktop: user.desktop,
        stdio: { input: input.value, output: stdout.child.value, error: stderr.child.value },
        what,
      });
      own(child.process);
      own(child.job);
      // The child has its own copies now; ours would keep its pipes from ever reporting EOF.
      closeAll(user.token, input, stdout.child, stderr.child);
      const streams = [this.#capture(stdout.server, 'stdout', spec), this.#capture(stderr.server, 'stderr', spec)];
      owned.length = 0;
      return this.#observe(child.pid, child.process, child.job, streams);
    } catch (error) {
      closeAll(...owned.reverse());
      if (error instanceof TandemError) throw error;
      throw new TandemError('E_UNAVAILABLE', `cannot start the ${what}: ${(error as Error).message}`, { cause: error });
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
