/**
 * The tray agent without a face: it keeps the connection to the service, runs the state model,
 * applies the notification policy, answers the user's commands and reports everything as
 * AgentEvents. The headless entry logs those events; the Electron shell draws them.
 */
import {
  defaultConfig,
  describeError,
  PRODUCT_VERSION,
  trayView,
  type ActionFinished,
  type ActionStarted,
  type BackoffPolicy,
  type Connector,
  type EventData,
  type Events,
  type Status,
  type TrayView,
} from '@tandem/shared';
import type { ActionRunView, NotificationView, StatusView } from '../bridge/status-view.js';
import type { CommandOutcome } from '../bridge/user-command.js';
import { ActionRuns, finishedNotification, type ActionNotification } from './action-runs.js';
import { initialState, reduce, type AgentAction, type AgentState, type LinkInfo } from './agent-state.js';
import { systemClock, type Clock } from './clock.js';
import { NotificationHistory } from './notification-history.js';
import { NotificationPolicy } from './notification-policy.js';
import { announceQuit, type QuitOutcome } from './quit.js';
import { agentServerVerifier, type ServerVerifier } from './server-verification.js';
import { incompatibility } from './service-identity.js';
import { ServiceLink, type LinkEvent } from './service-link.js';
import { Signal } from './signal.js';
import { buildStatusView } from './status-view-model.js';

export type ShutdownReason = EventData<Events, 'agent.shutdown'>['reason'];

export type AgentEvent =
  | { readonly type: 'state'; readonly state: AgentState; readonly previous: AgentState }
  | { readonly type: 'notification'; readonly notification: NotificationView }
  | { readonly type: 'config-changed'; readonly tray: TrayView }
  /** An administrator's action began or ended in this session (the notification comes as its own event). */
  | { readonly type: 'action'; readonly actionId: string; readonly label: string; readonly run: ActionRunView }
  | { readonly type: 'service-stopping'; readonly restarting: boolean }
  /** The machine is about to sleep, or woke up (a product saves its work before sleep). */
  | { readonly type: 'power'; readonly state: EventData<Events, 'service.power'>['state'] }
  /** The service asks the agent to exit now. */
  | { readonly type: 'shutdown'; readonly reason: ShutdownReason }
  /** Something went wrong that the user cannot act on; for the log. */
  | { readonly type: 'problem'; readonly message: string };

export interface AgentCoreOptions {
  readonly connector: Connector;
  /** Our name in the service's log, e.g. `tandem-agent/0.1.0`. */
  readonly clientName: string;
  /** The session the launcher said we run in; null when not told. */
  readonly expectedSessionId: number | null;
  readonly agentVersion?: string;
  readonly verifyServer?: ServerVerifier;
  readonly clock?: Clock;
  readonly reconnect?: BackoffPolicy;
  readonly requestTimeoutMs?: number;
}

export class AgentCore {
  /** Everything notable, in order. Listeners run synchronously; the creator of a listener removes it. */
  readonly events = new Signal<AgentEvent>();
  readonly agentVersion: string;
  readonly #clock: Clock;
  readonly #link: ServiceLink;
  readonly #policy: NotificationPolicy;
  readonly #history = new NotificationHistory();
  #state: AgentState;
  #tray: TrayView = trayView(defaultConfig().tray);
  readonly #runs = new ActionRuns();
  #status: Status | null = null;
  /** Counts connections, so that answers to an earlier connection are not applied to a later one. */
  #generation = 0;

  constructor(options: AgentCoreOptions) {
    this.agentVersion = options.agentVersion ?? PRODUCT_VERSION;
    this.#clock = options.clock ?? systemClock;
    this.#state = initialState(this.#now());
    this.#policy = new NotificationPolicy(this.#clock, this.#tray);
    this.#link = new ServiceLink({
      connector: options.connector,
      clientName: options.clientName,
      verifyServer: options.verifyServer ?? agentServerVerifier(options.expectedSessionId),
      onEvent: (event) => this.#onLink(event),
      onInvalidEvent: (event, problem) => this.#problem(`ignored an invalid ${event} event from the service: ${problem}`),
      ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    });
    this.#link.on('config.changed', ({ tray }) => {
      this.#applyTray(tray);
      this.events.emit({ type: 'config-changed', tray });
      void this.refresh();
    });
    this.#link.on('notify', (notification) => this.#onNotify(notification));
    this.#link.on('action.started', (event) => this.#onActionStarted(event));
    this.#link.on('action.finished', (event) => this.#onActionFinished(event));
    this.#link.on('agent.shutdown', ({ reason }) => this.events.emit({ type: 'shutdown', reason }));
    this.#link.on('service.power', ({ state }) => this.events.emit({ type: 'power', state }));
    this.#link.on('service.stopping', ({ restarting }) => {
      this.events.emit({ type: 'service-stopping', restarting });
      this.#dispatch({ type: 'service-stopping', at: this.#now(), restarting });
    });
  }

  get state(): AgentState {
    return this.#state;
  }

  get tray(): TrayView {
    return this.#tray;
  }

  get notifications(): readonly NotificationView[] {
    return this.#history.entries;
  }

  /** Starts connecting; reconnects on its own until stop(). */
  start(): void {
    this.#link.start();
  }

  /** Closes the connection and stops reconnecting. No timer of the core is left running. */
  stop(): void {
    this.#generation++;
    this.#link.stop();
  }

  view(): StatusView {
    return buildStatusView({
      agentVersion: this.agentVersion,
      state: this.#state,
      tray: this.#tray,
      status: this.#status,
      notifications: this.#history.entries,
      runs: (actionId) => this.#runs.of(actionId),
    });
  }

  /** Asks the service for its status again (no timer polls it: an idle agent costs nothing). */
  async refresh(): Promise<CommandOutcome> {
    const generation = this.#generation;
    try {
      const status = await this.#link.call('status', {});
      if (generation !== this.#generation) return { ok: false, message: 'The connection changed; try again.' };
      this.#status = status;
      this.#dispatch({ type: 'status', status });
      return { ok: true, message: 'Status updated.' };
    } catch (error) {
      return this.#failed('Could not refresh the status', error);
    }
  }

  /** Asks the service to run an administrator's action; how it ends comes as an action event. */
  async runAction(id: string): Promise<CommandOutcome> {
    try {
      const started = await this.#link.call('agent.action', { id });
      return { ok: true, message: `${started.label} started; you will be told when it ends.` };
    } catch (error) {
      return this.#failed('The action did not run', error);
    }
  }

  async collectDiagnostics(): Promise<CommandOutcome> {
    try {
      const result = await this.#link.call('diagnostics.collect', {}, { timeoutMs: 60_000 });
      const size = `${Math.max(1, Math.round(result.bytes / 1024))} KB`;
      return { ok: true, message: `Diagnostics saved to ${result.path} (${result.files.length} files, ${size}).` };
    } catch (error) {
      return this.#failed('Could not collect diagnostics', error);
    }
  }

  /** Tells the service the user quit, then stops. The caller exits the process afterwards. */
  async quit(): Promise<QuitOutcome> {
    const outcome = await announceQuit(this.#link);
    this.stop();
    return outcome;
  }

  #onLink(event: LinkEvent): void {
    const at = this.#now();
    switch (event.type) {
      case 'attempt':
        this.#dispatch({ type: 'attempt', at, attempt: event.attempt });
        return;
      case 'failed':
        this.#dispatch({ type: 'attempt-failed', at, attempt: event.attempt, error: { code: event.error.code, message: event.error.message } });
        return;
      case 'down':
        this.#generation++;
        this.#status = null;
        this.#runs.forgetRunning();
        this.#dispatch({ type: 'lost', at, error: { code: event.error.code, message: event.error.message } });
        return;
      case 'up':
        this.#onUp(event.link, at);
        return;
    }
  }

  #onUp(link: LinkInfo, at: number): void {
    const generation = ++this.#generation;
    this.#dispatch({ type: 'connected', at, link, incompatibility: incompatibility(link.service, this.agentVersion) });
    // Answers that arrive after the connection changed (or the agent stopped) are stale: dropped.
    void this.#link.call('agent.settings', {}).then(
      ({ tray }) => {
        if (generation === this.#generation) this.#applyTray(tray);
      },
      (error: unknown) => {
        if (generation === this.#generation) this.#problem(`could not read the tray settings: ${describeError(error)}`);
      },
    );
    void this.refresh().then((outcome) => {
      if (!outcome.ok && generation === this.#generation) this.#problem(outcome.message);
    });
  }

  #onActionStarted(event: ActionStarted): void {
    this.events.emit({ type: 'action', actionId: event.actionId, label: event.label, run: this.#runs.started(event) });
  }

  #onActionFinished(event: ActionFinished): void {
    this.events.emit({ type: 'action', actionId: event.actionId, label: event.label, run: this.#runs.finished(event) });
    this.#onNotify(finishedNotification(event));
  }

  #onNotify(notification: EventData<Events, 'notify'> | ActionNotification): void {
    const decision = this.#policy.decide(notification);
    const view: NotificationView = { ...notification, suppressed: decision.show ? null : decision.reason };
    this.#history.add(view);
    this.events.emit({ type: 'notification', notification: view });
  }

  #applyTray(tray: TrayView): void {
    this.#tray = tray;
    this.#policy.configure(tray);
  }

  #dispatch(action: AgentAction): void {
    const previous = this.#state;
    this.#state = reduce(previous, action);
    if (this.#state !== previous) this.events.emit({ type: 'state', state: this.#state, previous });
  }

  #failed(what: string, error: unknown): CommandOutcome {
    return { ok: false, message: `${what}: ${describeError(error)}` };
  }

  #problem(message: string): void {
    this.events.emit({ type: 'problem', message });
  }

  #now(): number {
    return this.#clock.now().getTime();
  }
}
