/**
 * What a user can ask of the tray, from its menu or from the status window. The main process
 * treats every command from the window as untrusted input and checks it against the
 * configuration in force before acting (see core/user-command-parser.ts).
 */

export type UserCommand =
  | { readonly type: 'open-status' }
  /** Opens an administrator-defined link; only URLs in the current tray configuration qualify. */
  | { readonly type: 'open-link'; readonly url: string }
  /** Runs an administrator-defined action on the service. */
  | { readonly type: 'run-action'; readonly id: string }
  | { readonly type: 'collect-diagnostics' }
  /** Asks the service for its status again. */
  | { readonly type: 'refresh' }
  /** Quits the tray; the service is told, so it does not start it again in this session. */
  | { readonly type: 'quit' };

export type UserCommandType = UserCommand['type'];

/** The answer to a command, shown to the user as it is. */
export interface CommandOutcome {
  readonly ok: boolean;
  readonly message: string;
}
