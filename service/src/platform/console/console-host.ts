/**
 * The console host: runs the service in the foreground of a terminal. Ctrl+C or SIGTERM stops
 * it cleanly (a second Ctrl+C forces the exit); SIGHUP reloads configuration, like PARAMCHANGE.
 */
import { describeError } from '@tandem/shared';
import type { HostControlSource, HostedService, ServiceHost, StopReason } from '../platform.js';

export interface ConsoleHostOptions {
  /** Told once the service is running (console mode prints where things are). */
  readonly onRunning?: () => void;
  readonly stderr?: NodeJS.WritableStream;
  /** Power changes and shutdowns from elsewhere than signals: the session simulator's. */
  readonly controls?: HostControlSource;
}

/** Exit codes of the service binary, documented in its --help. */
/** `fatal`: an error no code handled (see installSafetyNet); the same number as on Windows. */
export const EXIT = { ok: 0, startFailed: 3, stopFailed: 4, fatal: 5, forced: 130 } as const;

export class ConsoleHost implements ServiceHost {
  readonly #options: ConsoleHostOptions;

  constructor(options: ConsoleHostOptions = {}) {
    this.#options = options;
  }

  async run(service: HostedService): Promise<number> {
    const stderr = this.#options.stderr ?? process.stderr;
    const noProgress = (): void => undefined;
    try {
      await service.start(noProgress);
    } catch (error) {
      stderr.write(`tandem: the service could not start: ${describeError(error)}\n`);
      await service.stop('stop', noProgress).catch(() => undefined);
      return EXIT.startFailed;
    }
    this.#options.onRunning?.();
    service.running();
    return new Promise<number>((resolve) => {
      let stopping = false;
      const controls = this.#options.controls?.subscribe(async (control) => {
        if (control.kind === 'stop') stopWith(control.reason);
        else if (!stopping) await service.power(control.change).catch((error: unknown) => void stderr.write(`tandem: acting on a power change failed: ${describeError(error)}\n`));
      });
      const onReload = (): void => {
        service.reload().catch((error: unknown) => stderr.write(`tandem: reload failed: ${describeError(error)}\n`));
      };
      const onStop = (): void => {
        if (stopping) {
          stderr.write('tandem: forced exit\n');
          resolve(EXIT.forced);
          return;
        }
        stopWith('stop');
      };
      const stopWith = (reason: StopReason): void => {
        if (stopping) return;
        stopping = true;
        stderr.write(reason === 'stop' ? 'tandem: stopping (press Ctrl+C again to force)\n' : `tandem: stopping for a simulated ${reason}\n`);
        service.stop(reason, noProgress).then(
          () => finish(EXIT.ok),
          (error: unknown) => {
            stderr.write(`tandem: stop failed: ${describeError(error)}\n`);
            finish(EXIT.stopFailed);
          },
        );
      };
      const finish = (code: number): void => {
        controls?.dispose();
        process.off('SIGINT', onStop);
        process.off('SIGTERM', onStop);
        process.off('SIGHUP', onReload);
        resolve(code);
      };
      process.on('SIGINT', onStop);
      process.on('SIGTERM', onStop);
      if (process.platform !== 'win32') process.on('SIGHUP', onReload);
    });
  }
}
