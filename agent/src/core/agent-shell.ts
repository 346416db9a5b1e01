/**
 * What the core needs from its host process and cannot do in plain Node: open a window, open a
 * URL in the user's browser, end the process. The Electron main process implements it; the
 * headless entry has no user interface and never receives these commands.
 */
export interface AgentShell {
  openStatusWindow(): void;
  /** Opens an http, https or mailto URL with the user's default handler. */
  openExternal(url: string): Promise<void>;
  /** Ends the process; called once, after the service was told the user quit. */
  exit(): void;
  /** Asks the user `question` about `title` (an action's confirmation); true to go on. */
  confirm(title: string, question: string): Promise<boolean>;
}
