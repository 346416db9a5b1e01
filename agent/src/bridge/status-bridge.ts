/**
 * The one interface the status window may use. The preload script implements it over IPC and
 * exposes it as `window.tandem`; tests implement it with a fake. Nothing else of Electron or
 * Node is reachable from the page.
 */
import type { StatusView } from './status-view.js';
import type { CommandOutcome, UserCommand } from './user-command.js';

export interface StatusBridge {
  /** The current view. */
  view(): Promise<StatusView>;
  /** Calls `listener` with each new view until the returned function is called. */
  subscribe(listener: (view: StatusView) => void): () => void;
  /** Asks the main process to carry out a command; it is checked there, not trusted. */
  perform(command: UserCommand): Promise<CommandOutcome>;
}

/** The name of the global the preload defines: `window.tandem`. */
export type BridgeGlobalName = 'tandem';

/** IPC channels between the preload and the main process; the only ones the main process answers. */
export type BridgeChannel = 'tandem:view' | 'tandem:perform' | 'tandem:view-changed';
