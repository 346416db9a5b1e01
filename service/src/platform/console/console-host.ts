/**
 * The console host: runs the service in the foreground of a terminal. Ctrl+C or SIGTERM stops
 * it cleanly (a second Ctrl+C forces the exit); SIGHUP reloads configuration, like PARAMCHANGE.
 */
import { describeError } from '@tandem/shared';
import type { HostedService, ServiceHost } from '../platform.js';

export interface ConsoleHostOptions {
  /** Told once the service is running (console mode prints where things are). */
  readonly onRunning?: () => void;
  readonly stderr?: NodeJS.WritableStream;
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
    return new Promise<number>((resolve) => {
      let stopping = false;
      const onReload = (): void => {
        service.reload().catch((error: unknown) => stderr.write(`tandem: reload failed: ${describeError(error)}\n`));
      };
      const onStop = (): void => {
        if (stopping) {
          stderr.write('tandem: forced exit\n');
          resolve(EXIT.forced);
          return;
        }
        stopping = true;
        stderr.write('tandem: stopping (press Ctrl+C again to force)\n');
        service.stop('stop', noProgress).then(
          () => finish(EXIT.ok),
          (error: unknown) => {
            stderr.write(`tandem: stop failed: ${describeError(error)}\n`);
            finish(EXIT.stopFailed);
          },
        );
      };
      const finish = (code: number): void => {
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
