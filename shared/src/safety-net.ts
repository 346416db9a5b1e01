/**
 * The last line of defence of a long-running process (the service, an agent): an exception no
 * code caught, or a rejection no code handled, is recorded where someone will look and the
 * process exits with a code of its own. Carrying on would run in a state nobody reasoned about;
 * exiting hands recovery to the supervisor (the SCM's failure actions for the service, the
 * service's restart with backoff for an agent).
 *
 * Nothing a client or a user sends may reach this: every such path handles its own errors, and
 * the hostile-input tests show the process stays up. Reaching it is a bug, reported loudly.
 */

export type FatalOrigin = 'uncaughtException' | 'unhandledRejection';

export interface SafetyNetOptions {
  /** Records the error (log file, Event Log). Runs once; whatever it throws is ignored. */
  readonly record: (error: unknown, origin: FatalOrigin) => void;
  /** The process's exit code for this case, distinct from its ordinary failures. */
  readonly exitCode: number;
  /** Ends the process; process.exit unless a test says otherwise. */
  readonly exit?: (code: number) => void;
}

/** Installs the handlers; the returned function removes them. */
export function installSafetyNet(options: SafetyNetOptions): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let fired = false;
  const handle = (error: unknown, origin: FatalOrigin): void => {
    // A second failure while recording the first: leave at once.
    if (!fired) {
      fired = true;
      try {
        options.record(error, origin);
      } catch {
        // The record is best effort; the exit is not.
      }
    }
    exit(options.exitCode);
  };
  const onException = (error: Error): void => handle(error, 'uncaughtException');
  const onRejection = (reason: unknown): void => handle(reason, 'unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
