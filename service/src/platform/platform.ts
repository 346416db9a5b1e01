/**
 * The platform interfaces of the service. The core decides what should happen; a platform
 * (console on any OS, Windows over koffi) makes it happen. Nothing in core/ imports a platform
 * folder: everything it needs from the OS comes through these interfaces.
 */
import type { Listener, Role, SimulateParams, SimulateResult } from '@tandem/shared';

export interface Disposable {
  dispose(): void;
}

/** An interactive user session, as the platform knows it. */
export interface Session {
  readonly id: number;
  /** DOMAIN\user on Windows, the login name elsewhere. */
  readonly user: string;
  /** A stable identity of the user: the SID on Windows, the uid elsewhere. */
  readonly userId: string;
  /**
   * Identifies this logon. Session ids are reused after logoff; a logon id differs for every
   * logon, so a late event for an old logon cannot be mistaken for the new one.
   */
  readonly logonId: string;
  readonly state: 'active' | 'disconnected' | 'locked';
  readonly remote: boolean;
  readonly console: boolean;
}

export const SESSION_EVENT_KINDS = [
  'logon',
  'logoff',
  'lock',
  'unlock',
  'console-connect',
  'console-disconnect',
  'remote-connect',
  'remote-disconnect',
] as const;
export type SessionEventKind = (typeof SESSION_EVENT_KINDS)[number];

export interface SessionEvent {
  readonly kind: SessionEventKind;
  readonly sessionId: number;
}

/**
 * What a session is right now. `no-user-yet` is a logon still under way: the session exists but
 * its user token is not available yet (WTSQueryUserToken: ERROR_NO_TOKEN), so ask again later.
 */
export type SessionProbe =
  | { readonly kind: 'present'; readonly session: Session }
  | { readonly kind: 'no-user-yet' }
  | { readonly kind: 'gone' };

/** Enumerates user sessions, then reports changes. */
export interface SessionSource {
  /**
   * Resolves true once the session manager can be asked (Terminal Services ready at boot:
   * Global\TermSrvReadyEvent), false if it was not ready within `timeoutMs`.
   */
  ready(timeoutMs: number): Promise<boolean>;
  /** The interactive user sessions present now (never session 0). Throws when they cannot be listed. */
  list(): Promise<Session[]>;
  /** Details of one session, or undefined when it is gone or has no user yet. */
  describe(sessionId: number): Promise<Session | undefined>;
  /** Like describe, but tells a logon still under way from a session that is gone. */
  probe(sessionId: number): Promise<SessionProbe>;
  /** Reports session events in the order they happen. */
  subscribe(listener: (event: SessionEvent) => void): Disposable;
  /** True when the session's user belongs to `group` (eligibility by group). */
  isMember(session: Session, group: string): Promise<boolean>;
}

export interface AgentExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** A launched agent process. Whoever launched it must observe `exited` or terminate it. */
export interface AgentProcess {
  readonly pid: number;
  /** Settles once when the process has exited and every handle of it is closed. */
  readonly exited: Promise<AgentExit>;
  /** Ends the process at once (TerminateProcess, SIGKILL). Graceful stop goes over the pipe. */
  terminate(): void;
}

export interface LaunchSpec {
  /** The address of the agent's endpoint for this session; the agent connects to it. */
  readonly endpoint: string;
  /** Receives the agent's stdout and stderr, line by line, where the platform can capture them. */
  readonly onOutput: (stream: 'stdout' | 'stderr', line: string) => void;
}

/** Starts agents inside users' sessions. */
export interface AgentLauncher {
  launch(session: Session, spec: LaunchSpec): Promise<AgentProcess>;
}

export interface AgentEndpoint {
  readonly listener: Listener;
  /** What the agent is told to connect to. */
  readonly address: string;
}

/** Creates the listening endpoints. Each listener is closed by whoever attached it. */
export interface EndpointFactory {
  /** The admin endpoint (role admin): tandemctl's way in. */
  admin(): Listener;
  /** The endpoint of one session's agent (role user), bound to that session and its user. */
  agent(session: Session): AgentEndpoint;
}

/**
 * One run of an administrator-defined tray action. Nothing in it comes from the request that
 * asked for it: the program and its arguments are the administrator's, the session is the
 * authenticated requester's.
 */
export interface ActionRunSpec {
  /** Absolute path of the program; run directly, never through a shell. */
  readonly program: string;
  /** The fixed argument list from the action's definition. */
  readonly args: readonly string[];
  /** `system`: as the service (session 0 on Windows); `user`: as the session's user, unelevated, in that session. */
  readonly runAs: 'system' | 'user';
  /** The requesting session: where a user action runs and whose user it runs as. */
  readonly session: Session;
  /** At this limit the whole process tree is ended and the run reports `timed-out`. */
  readonly timeLimitMs: number;
  /** stdout and stderr, interleaved, are kept up to this many bytes; the rest is counted and dropped. */
  readonly outputLimitBytes: number;
  /**
   * Aborted when the service stops: the whole process tree is ended at once, as at the time
   * limit (the run then settles as `timed-out`; the caller knows why). A runner whose runs end
   * with the service anyway (a kill-on-close job) may ignore it; the service waits a little, then
   * stops regardless.
   */
  readonly signal?: AbortSignal;
}

export interface ActionRunResult {
  /** `exited`: the program ran and ended; `timed-out`: ended at the time limit; `failed-to-start`: never ran. */
  readonly outcome: 'exited' | 'timed-out' | 'failed-to-start';
  /** The exit code when `exited` (a signal's number is not one); null otherwise. */
  readonly exitCode: number | null;
  /** The kept output, decoded as UTF-8, at most `outputLimitBytes`. */
  readonly output: string;
  /** Every byte the program wrote, kept or not. */
  readonly outputBytes: number;
  readonly durationMs: number;
  /** Why it failed to start, for `failed-to-start`. */
  readonly error?: string;
}

/**
 * Runs administrator-defined actions: stdin closed, a minimal environment, no shell. On Windows
 * a `system` run is in session 0 inside a kill-on-close job and a `user` run gets the same
 * unelevated token and launcher as that session's agent; in console mode both run as the current
 * user in their own process group.
 */
export interface ActionRunner {
  /**
   * Refuses, with a typed error naming the path (and on Windows the account that may write it),
   * a program that is not an absolute path to an existing file or that anyone but SYSTEM,
   * Administrators or TrustedInstaller may change. Called when an action is defined and again
   * before every run.
   */
  checkProgram(program: string): Promise<void>;
  /** Runs to the end or the time limit. Settles with `failed-to-start` rather than rejecting when the program cannot start. */
  run(spec: ActionRunSpec): Promise<ActionRunResult>;
}

/** Machine policy: values an administrator enforces over the configuration. */
export interface PolicySource {
  /** Dotted keys and the values policy enforces for them; a policy that cannot be read is reported as a problem. */
  read(): Promise<{ values: Record<string, unknown>; problems: string[] }>;
}

/** A way to reach a session's user when no agent runs there (WTSSendMessage; a log line in console mode). */
export type FallbackNotifier = (session: Session, title: string, body: string) => Promise<void>;

/** Why the host asks the service to stop. */
export type StopReason = 'stop' | 'shutdown' | 'preshutdown';

/**
 * A power change the host reports (SERVICE_CONTROL_POWEREVENT on Windows). `suspend` comes
 * before sleep, hibernation and the hibernation of session 0 that Fast Startup calls shutting
 * down; `resume` after any of them, once per wake however many PBT_* events Windows sends.
 */
export type PowerChange = 'suspend' | 'resume';

/** What the host drives: the service proper. */
export interface HostedService {
  /** Starts; `progress` reports that start-up is still advancing (SCM checkpoints). */
  start(progress: () => void): Promise<void>;
  stop(reason: StopReason, progress: () => void): Promise<void>;
  /** Re-read configuration and policy (PARAMCHANGE, SIGHUP). */
  reload(): Promise<void>;
  /**
   * The host has reported the service running. On Windows no SESSIONCHANGE is delivered while a
   * service is START_PENDING, so a logon in that window is only found by listing again now.
   */
  running(): void;
  /** A power change; settles when the service has acted on it. */
  power(change: PowerChange): Promise<void>;
}

/** Controls a host may receive from elsewhere than its OS: the session simulator's power and shutdown. */
export type HostControl = { readonly kind: 'power'; readonly change: PowerChange } | { readonly kind: 'stop'; readonly reason: StopReason };

export interface HostControlSource {
  /** The listener's promise settles when the service has acted on the control. */
  subscribe(listener: (control: HostControl) => Promise<void> | void): Disposable;
}

/** Runs a service under a host: the SCM, or a terminal in console mode. Returns the exit code. */
export interface ServiceHost {
  run(service: HostedService): Promise<number>;
}

export interface PlatformPaths {
  /** Configuration, its last-known-good copy and the audit log. */
  readonly dataDir: string;
  readonly logDir: string;
  /** Where diagnostics archives for a session's user are written. */
  diagnosticsDir(session: Session | null): string;
}

export interface Platform {
  readonly name: 'console' | 'windows';
  readonly paths: PlatformPaths;
  readonly host: ServiceHost;
  readonly sessions: SessionSource;
  readonly launcher: AgentLauncher;
  readonly endpoints: EndpointFactory;
  readonly policy: PolicySource;
  readonly fallbackNotify: FallbackNotifier;
  /** Runs the administrator's tray actions. */
  readonly actions: ActionRunner;
  /**
   * Makes a file written by the service readable by `session`'s user (diagnostics archives).
   * A no-op where the service already runs as that user.
   */
  grantRead(file: string, session: Session | null): Promise<void>;
  /**
   * Says, where an administrator looks first, that the service is about to exit on an error no
   * code handled (the Event Log on Windows; standard error in console mode). Never throws.
   */
  reportFatal(message: string): void;
  /**
   * Records a configuration change, already in the audit log, where an administrator reviews
   * such things and cannot quietly edit them (Event Log ID 8 on Windows). Console mode does
   * nothing more: there the service log, which has the same line, is that place. Never throws.
   */
  reportConfigChange(message: string): void;
  /**
   * The session simulator, when this service is one (`tandem-service console --sessions N`);
   * absent on every service that tracks real sessions, the Windows service included.
   */
  readonly simulator?: SessionSimulatorControl;
}

/** What the `simulate` command drives; the scenario is validated by the command table. */
export interface SessionSimulatorControl {
  run(scenario: SimulateParams): Promise<SimulateResult>;
}

export type { Role };
