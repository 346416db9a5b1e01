/**
 * The status window's whole input: one snapshot that the main process derives from the agent's
 * state, the tray configuration and the recent notifications. Plain data, so it crosses the
 * context bridge by structured clone and a test can hand the page any state it likes.
 */
import type { UserCommand } from './user-command.js';

/** The agent's states, as the tray icon and the status window show them. */
export type StateKind = 'connecting' | 'connected' | 'unavailable' | 'version-mismatch' | 'attention';

export interface StateSummary {
  readonly kind: StateKind;
  /** One short line: the tray tooltip, the menu's status line and the window's heading. */
  readonly headline: string;
  /** What the state means for the user and what happens next. */
  readonly detail: string;
  /** What needs attention, one line each; empty unless `kind` is 'attention'. */
  readonly problems: readonly string[];
}

export interface ServiceView {
  readonly product: string;
  readonly version: string;
  /** 'console' or 'windows'; null until the service's status arrived. */
  readonly platform: string | null;
  readonly uptimeSeconds: number | null;
}

/** This session and its agent, as the service sees them. */
export interface SessionView {
  readonly id: number | null;
  readonly user: string | null;
  /** The supervisor's word for this session's agent: running, backoff, crash-loop… */
  readonly agentState: string | null;
  readonly pid: number | null;
  readonly restarts: number | null;
}

export type NotificationLevel = 'info' | 'warning' | 'error';

/** Why a notification was kept out of the way (it still appears in the window). */
export type Suppression = 'duplicate' | 'rate-limited' | 'quiet-hours';

export interface NotificationView {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly level: NotificationLevel;
  /** When the service sent it (ISO 8601). */
  readonly at: string;
  readonly suppressed: Suppression | null;
}

/** The tray settings a user may see; an administrator sets them on the service. */
export interface SettingsView {
  readonly quietHours: { readonly start: string; readonly end: string } | null;
  readonly notificationsPerMinute: number;
  readonly supportText: string;
}

export type ActionGroup = 'links' | 'service' | 'app';

/** How the latest run of an administrator's action in this session went, or that it runs. */
export type ActionRunState = 'running' | 'succeeded' | 'failed' | 'timed-out' | 'refused' | 'cancelled';

export interface ActionRunView {
  readonly state: ActionRunState;
  /** A few words: "Running…", "Succeeded", "Failed with exit code 3". */
  readonly headline: string;
  /** Why, or the end of what the program wrote; may be empty. */
  readonly detail: string;
  /** When it started (while running) or ended (ISO 8601). */
  readonly at: string;
}

/** Something the user may do, with the words to show and whether it can be done now. */
export interface ActionView {
  readonly command: UserCommand;
  readonly label: string;
  readonly group: ActionGroup;
  readonly enabled: boolean;
  /** Why it is disabled, or what it does; read to screen-reader users as the description. */
  readonly hint: string;
  /** For an administrator's action: its latest run in this session, if there was one. */
  readonly run: ActionRunView | null;
}

export interface StatusView {
  readonly agentVersion: string;
  readonly state: StateSummary;
  readonly service: ServiceView | null;
  readonly session: SessionView;
  /** Newest first. */
  readonly notifications: readonly NotificationView[];
  readonly settings: SettingsView;
  readonly actions: readonly ActionView[];
}
