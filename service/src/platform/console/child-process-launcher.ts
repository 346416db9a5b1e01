/**
 * Console mode's agents: child processes of the service, running the headless agent under the
 * same Node. They read their endpoint from the environment and exit when their stdin closes, so
 * an agent never outlives its service, even one killed with SIGKILL (the job object does the same
 * on Windows).
 */
import { spawn } from 'node:child_process';
import { TandemError } from '@tandem/shared';
import { readBoundedLines } from '../../core/bounded-lines.js';
import type { AgentExit, AgentLauncher, AgentProcess, LaunchSpec, Session } from '../platform.js';

export interface AgentCommand {
  readonly executable: string;
  readonly args: readonly string[];
}

export class ChildProcessLauncher implements AgentLauncher {
  readonly #command: AgentCommand;

  constructor(command: AgentCommand) {
    this.#command = command;
  }

  launch(session: Session, spec: LaunchSpec): Promise<AgentProcess> {
    const child = spawn(this.#command.executable, [...this.#command.args], {
      env: {
        ...process.env,
        TANDEM_ENDPOINT: spec.endpoint,
        TANDEM_SESSION_ID: String(session.id),
        TANDEM_EXIT_WITH_STDIN: '1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      // Its own process group: Ctrl+C in the service's terminal must reach the service, which
      // then stops the agents gracefully, not the agents directly.
      detached: process.platform !== 'win32',
    });
    // Bounded lines: the agent's output is its user's to write, and must not grow our memory.
    for (const stream of ['stdout', 'stderr'] as const) readBoundedLines(child[stream], (line) => spec.onOutput(stream, line));
    // 'close' comes after the exit and after every stdio stream has closed: nothing is left open.
    const exited = new Promise<AgentExit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    return new Promise<AgentProcess>((resolve, reject) => {
      child.once('error', (error) => {
        reject(new TandemError('E_UNAVAILABLE', `cannot start the agent ${this.#command.executable}: ${error.message}`, { cause: error }));
      });
      child.once('spawn', () => {
        const pid = child.pid ?? -1;
        // An agent that stops reading its stdin must not crash us with EPIPE.
        child.stdin.on('error', () => undefined);
        resolve({ pid, exited, terminate: () => void child.kill('SIGKILL') });
      });
    });
  }
}
