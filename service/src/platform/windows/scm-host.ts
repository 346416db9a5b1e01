/**
 * Runs the service under the Windows service control manager. StartServiceCtrlDispatcherW is
 * the one blocking call made with koffi's `.async` (it holds one libuv thread for the life of
 * the service); ServiceMain and HandlerEx are koffi callbacks that run on the JS thread. Start
 * and stop report checkpoints; STOPPED is reported from outside the handler, and the promise
 * `run` returns settles only after the dispatcher has returned, so the process can then exit
 * (docs/windows-facts.md, Wine gotcha 3 and 4).
 */
import { describeError } from '@tandem/shared';
import type { HostedService, ServiceHost, StopReason } from '../platform.js';
import type { EventLog } from './event-log.js';
import { EVENT_ID } from './event-log.js';
import { PowerNotices } from './power-events.js';
import { handleControl } from './service-controls.js';
import { ServiceStatusReporter } from './service-status.js';
import { SessionSizeNotice, type SessionChange } from './session-notification.js';
import { advapi32 } from './win32/advapi32.js';
import { lastError } from './win32/call.js';
import { koffi, win32Types, type MaybePointer, type Pointer } from './win32/koffi.js';
import { ERROR, Win32Error } from './win32/win32-error.js';
import { wideBuffer } from './win32/wide-string.js';

/**
 * Exit codes of a service run, also reported to the SCM as service-specific exit codes. `fatal`
 * is the process's exit code after an error no code handled: the process ends without reporting
 * STOPPED, which the SCM counts as a crash and answers with the service's failure actions.
 */
export const SERVICE_EXIT = { ok: 0, notUnderScm: 2, startFailed: 3, stopFailed: 4, fatal: 5 } as const;

export interface ScmHostOptions {
  readonly serviceName: string;
  /** SESSIONCHANGE notifications, decoded (the session source listens). */
  readonly onSessionChange?: (change: SessionChange) => void;
  readonly eventLog?: EventLog;
  /** Where to say what went wrong when not started by the SCM (a terminal, presumably). */
  readonly stderr?: NodeJS.WritableStream;
  /** The longest a start or stop step may go without progress (wait hint). */
  readonly waitHintMs?: number;
}

export const NOT_UNDER_SCM_MESSAGE = (name: string): string =>
  [
    `tandem-service run: this process was not started by the Windows service control manager (${new Win32Error('StartServiceCtrlDispatcherW', ERROR.FAILED_SERVICE_CONTROLLER_CONNECT).message}).`,
    `  To run Tandem as the ${name} service:  tandemctl service install   then   tandemctl service start`,
    '  To run it in this console instead:     tandem-service console',
    '',
  ].join('\n');

/** How long a start may run before the SCM is told START_PENDING (Microsoft: report it for a start over a second). */
const QUIET_START_MS = 500;

export class ScmHost implements ServiceHost {
  readonly #options: ScmHostOptions;

  constructor(options: ScmHostOptions) {
    this.#options = options;
  }

  run(service: HostedService): Promise<number> {
    return new Promise<number>((resolve) => {
      const run = new ServiceRun(service, this.#options);
      const name = wideBuffer(this.#options.serviceName);
      // Neither callback may throw into koffi (the SCM's thread is waiting on it): errors are logged.
      const serviceMain = koffi().register(() => {
        try {
          run.main();
        } catch (error) {
          this.#options.eventLog?.write('error', EVENT_ID.startFailed, `ServiceMain failed: ${describeError(error)}`);
        }
      }, koffi().pointer(win32Types().ServiceMainProc));
      const handler = koffi().register(
        (control: number, eventType: number, eventData: MaybePointer) => run.control(control, eventType, eventData),
        koffi().pointer(win32Types().HandlerExProc),
      );
      run.handler = handler;
      // SERVICE_TABLE_ENTRYW[2]: { name, ServiceMain }, then the { NULL, NULL } terminator.
      const table = Buffer.alloc(2 * koffi().sizeof(win32Types().SERVICE_TABLE_ENTRYW));
      table.writeBigUInt64LE(koffi().address(name), 0);
      table.writeBigUInt64LE(serviceMain, 8);
      advapi32().StartServiceCtrlDispatcherW.async(table, (error: unknown) => {
        // The dispatcher has returned: every service of the process has reported STOPPED (or it never connected).
        // The dispatcher reads `table`, and through it `name`, on koffi's worker thread for as
        // long as it runs: this closure keeps both alive until here.
        void table.length;
        void name.length;
        koffi().unregister(serviceMain);
        koffi().unregister(handler);
        if (!run.started) {
          // Without ServiceMain ever running, the one way this fails is not having been started by
          // the SCM (ERROR_FAILED_SERVICE_CONTROLLER_CONNECT); the error code stays on the worker thread.
          (this.#options.stderr ?? process.stderr).write(NOT_UNDER_SCM_MESSAGE(this.#options.serviceName));
          if (error !== null && error !== undefined) (this.#options.stderr ?? process.stderr).write(`  (${describeError(error)})\n`);
          resolve(SERVICE_EXIT.notUnderScm);
          return;
        }
        resolve(run.exitCode);
      });
    });
  }
}

/** One run of the service: the state behind ServiceMain and HandlerEx. */
class ServiceRun {
  readonly #service: HostedService;
  readonly #options: ScmHostOptions;
  #status: ServiceStatusReporter | undefined;
  #starting: Promise<boolean> | undefined;
  #stopping: Promise<void> | undefined;
  readonly #power = new PowerNotices();
  readonly #sessionSizes = new SessionSizeNotice();
  handler: Pointer = 0n;
  started = false;
  exitCode: number = SERVICE_EXIT.ok;

  constructor(service: HostedService, options: ScmHostOptions) {
    this.#service = service;
    this.#options = options;
  }

  get #waitHint(): number {
    return this.#options.waitHintMs ?? 30_000;
  }

  /** ServiceMain: register the handler, then return; the start runs on the event loop. */
  main(): void {
    this.started = true;
    const handle = advapi32().RegisterServiceCtrlHandlerExW(this.#options.serviceName, this.handler, null);
    if (handle === null) {
      // Without a status handle nothing can be reported; the SCM will time the start out.
      this.#options.eventLog?.write('error', EVENT_ID.startFailed, `cannot register the service control handler: ${new Win32Error('RegisterServiceCtrlHandlerExW', lastError()).message}`);
      return;
    }
    const status = new ServiceStatusReporter((value) => {
      advapi32().SetServiceStatus(handle, value);
    });
    this.#status = status;
    // Set now, so that a stop arriving at any moment finds the start to wait for.
    this.#starting = new Promise<boolean>((resolve) => {
      setImmediate(() => {
        // The first status the SCM hears is RUNNING when the start is quick: StartService returns
        // on the first status, and a START_PENDING then sends pollers into their sleep (msiexec's
        // StartServices sleeps a whole second before it looks again). A start that takes longer
        // reports START_PENDING with its wait hint, and checkpoints from then on.
        const slow = setTimeout(() => status.pending('start-pending', this.#waitHint), QUIET_START_MS);
        resolve(this.#start(status).finally(() => clearTimeout(slow)));
      });
    });
  }

  async #start(status: ServiceStatusReporter): Promise<boolean> {
    try {
      await this.#service.start(() => status.progress());
    } catch (error) {
      this.exitCode = SERVICE_EXIT.startFailed;
      this.#options.eventLog?.write('error', EVENT_ID.startFailed, `Tandem could not start: ${describeError(error)}`);
      // A start that failed before any status: START_PENDING first, so that StartService succeeds
      // and its caller then sees STOPPED with the exit code, not a start that timed out (1053).
      if (status.state === 'stopped') status.pending('start-pending', this.#waitHint);
      status.pending('stop-pending', this.#waitHint);
      await this.#service.stop('stop', () => status.progress()).catch(() => undefined);
      setImmediate(() => status.stopped(SERVICE_EXIT.startFailed));
      return false;
    }
    if (this.#stopping === undefined) {
      status.running();
      this.#options.eventLog?.write('information', EVENT_ID.started, `Tandem started (pid ${process.pid}).`);
      // SESSIONCHANGE flows only from now on: the service lists the sessions again (finding 16).
      this.#service.running();
    }
    return true;
  }

  /** HandlerEx. Returns at once; never throws into koffi. */
  control(control: number, eventType: number, eventData: MaybePointer): number {
    try {
      return handleControl(control, eventType, eventData, {
        stop: (reason) => this.#stop(reason),
        reload: () => {
          this.#service.reload().catch((error: unknown) => this.#options.eventLog?.write('warning', EVENT_ID.warning, `reload failed: ${describeError(error)}`));
        },
        sessionChange: (change) => {
          const unusual = this.#sessionSizes.note(change.cbSize);
          if (unusual !== null) this.#options.eventLog?.write('warning', EVENT_ID.warning, unusual);
          this.#options.onSessionChange?.(change);
        },
        power: (event) => {
          const change = this.#stopping === undefined ? this.#power.next(event.eventType) : null;
          if (change === null) return;
          this.#service.power(change).catch((error: unknown) => this.#options.eventLog?.write('warning', EVENT_ID.warning, `acting on ${event.name} failed: ${describeError(error)}`));
        },
        problem: (message) => this.#options.eventLog?.write('warning', EVENT_ID.warning, message),
      }, (work) => setImmediate(work));
    } catch {
      return ERROR.SUCCESS;
    }
  }

  #stop(reason: StopReason): void {
    const status = this.#status;
    if (status === undefined || this.#stopping !== undefined) return;
    this.#stopping = (async () => {
      status.pending('stop-pending', this.#waitHint);
      // A stop during start-up waits for the start to settle, then undoes it.
      const started = (await this.#starting) ?? false;
      if (!started) return;
      try {
        await this.#service.stop(reason, () => status.progress());
        this.#options.eventLog?.write('information', EVENT_ID.stopped, `Tandem stopped (${reason}).`);
      } catch (error) {
        this.exitCode = SERVICE_EXIT.stopFailed;
        this.#options.eventLog?.write('error', EVENT_ID.stopFailed, `Tandem did not stop cleanly: ${describeError(error)}`);
      }
      // Outside the handler, on a later turn of the event loop.
      setImmediate(() => status.stopped(this.exitCode));
    })();
  }
}

