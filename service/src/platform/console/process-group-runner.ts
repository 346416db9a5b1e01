/**
 * Console mode's ActionRunner: the program runs as the current user (both `runAs` values: the
 * service is that user), directly without a shell, stdin closed, in its own process group with a
 * minimal environment, its folder as working directory and its output captured up to the bound.
 * At the time limit, or when the service stops, the whole group is killed; when the program
 * exits, whatever it left running in its group is killed too, as closing a kill-on-close job
 * does on Windows. A process that leaves the group on purpose (setsid) escapes this, which the
 * Windows job does not allow; and a service killed with SIGKILL cannot end its runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { describeError } from '@tandem/shared';
import type { ActionRunner, ActionRunResult, ActionRunSpec } from '../platform.js';
import { DRAIN_BYTES_PER_SECOND, OutputCapture } from '../output-capture.js';
import { checkConsoleProgram } from './program-check.js';

/** After the program exited, how long what it left holding its output may take to be killed and close it. */
const CLOSE_GRACE_MS = 2_000;

/** Variables an action gets from the service's environment: what finding programs needs, nothing else. */
const KEPT_VARIABLES: Readonly<Record<'posix' | 'win32', readonly string[]>> = {
  posix: ['PATH'],
  win32: ['PATH', 'PATHEXT', 'SystemRoot', 'SystemDrive', 'windir', 'TEMP', 'TMP'],
};

export interface ProcessGroupRunnerOptions {
  readonly platform?: NodeJS.Platform;
  /** Where the kept variables are taken from; the service's environment by default. */
  readonly env?: NodeJS.ProcessEnv;
  readonly drainBytesPerSecond?: number;
}

/** Process groups of runs in progress, killed if the service exits before they end. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

export class ProcessGroupActionRunner implements ActionRunner {
  readonly #platform: NodeJS.Platform;
  readonly #env: Record<string, string>;
  readonly #drainBytesPerSecond: number;

  constructor(options: ProcessGroupRunnerOptions = {}) {
    this.#platform = options.platform ?? process.platform;
    this.#env = actionEnvironment(options.env ?? process.env, this.#platform);
    this.#drainBytesPerSecond = options.drainBytesPerSecond ?? DRAIN_BYTES_PER_SECOND;
  }

  checkProgram(program: string): Promise<void> {
    return checkConsoleProgram(program, this.#platform);
  }

  run(spec: ActionRunSpec): Promise<ActionRunResult> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    return new Promise((resolve) => {
      let child: ChildProcess;
      try {
        child = spawn(spec.program, [...spec.args], {
          shell: false,
          // Its own process group, which the time limit kills as a whole.
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: this.#env,
          cwd: path.dirname(spec.program),
          windowsHide: true,
        });
      } catch (error) {
        resolve({ outcome: 'failed-to-start', exitCode: null, output: '', outputBytes: 0, durationMs: elapsed(), error: `cannot start ${spec.program}: ${describeError(error)}` });
        return;
      }
      // The run settles `resolve` itself, once the program and its group are gone.
      void new GroupRun(child, spec, this.#drainBytesPerSecond, elapsed, resolve);
    });
  }
}

/** One run from spawn to settle; owns the child's group, its timers and its output. */
class GroupRun {
  readonly #child: ChildProcess;
  readonly #spec: ActionRunSpec;
  readonly #capture: OutputCapture;
  readonly #elapsed: () => number;
  readonly #resolve: (result: ActionRunResult) => void;
  readonly #onAbort = (): void => this.#end();
  #limit: NodeJS.Timeout | undefined;
  #closeGrace: NodeJS.Timeout | undefined;
  #spawned = false;
  #ended = false;
  #exit: { code: number | null } | undefined;
  #settled = false;

  constructor(child: ChildProcess, spec: ActionRunSpec, drainBytesPerSecond: number, elapsed: () => number, resolve: (result: ActionRunResult) => void) {
    this.#child = child;
    this.#spec = spec;
    this.#elapsed = elapsed;
    this.#resolve = resolve;
    this.#capture = new OutputCapture(spec.outputLimitBytes, drainBytesPerSecond);
    if (child.stdout !== null) this.#capture.read(child.stdout);
    if (child.stderr !== null) this.#capture.read(child.stderr);
    child.once('spawn', () => this.#onSpawn());
    child.on('error', (error) => this.#onError(error));
    child.once('exit', (code) => this.#onExit(code));
    // 'close' comes once the program exited and every holder of its output closed it.
    child.once('close', () => this.#settle());
  }

  #onSpawn(): void {
    this.#spawned = true;
    const pid = this.#child.pid;
    if (pid !== undefined) trackGroup(pid);
    this.#limit = setTimeout(() => this.#end(), this.#spec.timeLimitMs);
    if (this.#spec.signal?.aborted === true) this.#end();
    else this.#spec.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  #onError(error: Error): void {
    // Before 'spawn', the program never ran; after it, a failed kill is all an error can be.
    if (this.#spawned || this.#settled) return;
    this.#settled = true;
    this.#capture.dispose();
    this.#resolve({ outcome: 'failed-to-start', exitCode: null, output: '', outputBytes: 0, durationMs: this.#elapsed(), error: `cannot start ${this.#spec.program}: ${error.message}` });
  }

  /** The time limit passed or the service stops: the whole group goes. */
  #end(): void {
    if (this.#exit !== undefined || this.#ended) return;
    this.#ended = true;
    this.#killGroup();
  }

  #onExit(code: number | null): void {
    this.#exit = { code };
    clearTimeout(this.#limit);
    // What it left running in its group goes with it, as with a kill-on-close job. (On Windows
    // taskkill finds a tree only through its living root: what is left there stays.)
    if (process.platform !== 'win32') this.#killGroup();
    this.#closeGrace = setTimeout(() => {
      // Something outside the group still holds its output: stop reading it and settle.
      this.#child.stdout?.destroy();
      this.#child.stderr?.destroy();
      this.#settle();
    }, CLOSE_GRACE_MS);
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#limit);
    clearTimeout(this.#closeGrace);
    this.#spec.signal?.removeEventListener('abort', this.#onAbort);
    this.#capture.dispose();
    if (this.#child.pid !== undefined) liveGroups.delete(this.#child.pid);
    const code = this.#exit?.code ?? null;
    this.#resolve({
      outcome: this.#ended ? 'timed-out' : 'exited',
      exitCode: this.#ended ? null : code,
      output: this.#capture.text(),
      outputBytes: this.#capture.totalBytes,
      durationMs: this.#elapsed(),
    });
  }

  #killGroup(): void {
    const pid = this.#child.pid;
    if (pid !== undefined) killGroup(pid);
  }
}

function trackGroup(pid: number): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const group of liveGroups) killGroup(group);
    });
  }
  liveGroups.add(pid);
}

/** Kills process group `pid` (a negative pid names the group); on Windows the tree, as taskkill finds it. */
function killGroup(pid: number): void {
  try {
    if (process.platform === 'win32') {
      spawn('taskkill', ['/PID', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => undefined);
    } else {
      process.kill(-pid, 'SIGKILL');
    }
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** The environment of every action: a few variables of the service's own, nothing of a request's. */
export function actionEnvironment(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_VARIABLES[platform === 'win32' ? 'win32' : 'posix']) {
    const value = env[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}
