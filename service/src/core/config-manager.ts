/**
 * The configuration in force: the stored configuration with machine policy applied, changed
 * only through validated, saved and audited operations, with listeners told which keys changed
 * so the service can apply them live.
 */
import { ConfigSchema, formatIssues, TandemError, type Config, type ConfigHealth, type ConfigView } from '@tandem/shared';
import type { Logger } from 'pino';
import type { PolicySource } from '../platform/platform.js';
import type { AuditEntry, AuditLog } from './audit-log.js';
import { changedKeys, checkKey, getKey, withKey } from './config-keys.js';
import type { ConfigStore } from './config-store.js';
import { applyPolicy, isEnforced, type EffectiveConfig } from './policy.js';

export type Caller = AuditEntry['caller'];

export class ConfigManager {
  readonly #store: ConfigStore;
  readonly #audit: AuditLog;
  readonly #policy: PolicySource;
  readonly #log: Logger;
  readonly #listeners = new Set<(changed: string[]) => void>();
  #stored: Config = ConfigSchema.parse({});
  #policyValues: Record<string, unknown> = {};
  #effective: EffectiveConfig = { config: this.#stored, enforced: [], problems: [] };
  #source: ConfigHealth['source'] = 'defaults';
  #loadProblems: string[] = [];
  #policyProblems: string[] = [];
  /**
   * Every change and reload runs after the previous one has committed: a change is computed from
   * the stored configuration, so two changes built before either commits would lose the first.
   */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(store: ConfigStore, audit: AuditLog, policy: PolicySource, log: Logger) {
    this.#store = store;
    this.#audit = audit;
    this.#policy = policy;
    this.#log = log;
  }

  get config(): Config {
    return this.#effective.config;
  }

  health(): ConfigHealth {
    return {
      source: this.#source,
      problems: [...this.#loadProblems, ...this.#policyProblems, ...this.#effective.problems],
      enforced: [...this.#effective.enforced],
    };
  }

  view(): ConfigView {
    return { config: this.config, health: this.health() };
  }

  onChange(listener: (changed: string[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Loads (or reloads, on PARAMCHANGE/SIGHUP) the stored configuration and the policy. */
  load(): Promise<void> {
    return this.#serialised(() => this.#load());
  }

  set(key: string, value: unknown, caller: Caller): Promise<ConfigView> {
    return this.#serialised(() => this.#set(key, value, caller));
  }

  reset(key: string | undefined, caller: Caller): Promise<ConfigView> {
    return this.#serialised(() => this.#reset(key, caller));
  }

  #serialised<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation);
    // The queue goes on after a failed operation; the caller still sees the failure.
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #load(): Promise<void> {
    const loaded = await this.#store.load();
    this.#source = loaded.source;
    this.#loadProblems = loaded.problems;
    for (const problem of loaded.problems) this.#log.error({ file: this.#store.file }, `configuration: ${problem}`);
    const policy = await this.#policy.read();
    this.#policyValues = policy.values;
    this.#policyProblems = policy.problems;
    for (const problem of policy.problems) this.#log.warn(`policy: ${problem}`);
    this.#apply(loaded.config);
  }

  async #set(key: string, value: unknown, caller: Caller): Promise<ConfigView> {
    checkKey(key);
    this.#refuseEnforced(key);
    const parsed = ConfigSchema.safeParse(withKey(this.#stored, key, value));
    if (!parsed.success) throw new TandemError('E_INVALID_PARAMS', `config.set: ${formatIssues(parsed.error)}`);
    await this.#commit(parsed.data, { action: 'config.set', key, caller });
    return this.view();
  }

  async #reset(key: string | undefined, caller: Caller): Promise<ConfigView> {
    const defaults = ConfigSchema.parse({});
    let next: Config = defaults;
    if (key !== undefined) {
      checkKey(key);
      this.#refuseEnforced(key);
      next = ConfigSchema.parse(withKey(this.#stored, key, getKey(defaults, key)));
    }
    await this.#commit(next, { action: 'config.reset', key: key ?? null, caller });
    return this.view();
  }

  #refuseEnforced(key: string): void {
    const enforced = isEnforced(this.#effective.enforced, key);
    if (enforced !== undefined) throw new TandemError('E_FORBIDDEN', `${enforced} is enforced by machine policy and cannot be changed here`);
  }

  async #commit(next: Config, what: Pick<AuditEntry, 'action' | 'key' | 'caller'>): Promise<void> {
    const before = this.#stored;
    const keys = what.key === null ? changedKeys(before, next) : [what.key];
    // Saved and audited before it takes effect: an acknowledged change is never lost.
    await this.#store.save(next);
    await this.#audit.append({
      at: new Date().toISOString(),
      ...what,
      old: what.key === null ? before : getKey(before, what.key),
      new: what.key === null ? next : getKey(next, what.key),
    });
    this.#source = 'file';
    this.#loadProblems = [];
    this.#log.info({ keys, caller: what.caller }, `${what.action} applied`);
    this.#apply(next);
  }

  #apply(stored: Config): void {
    const before = this.#effective.config;
    this.#stored = stored;
    this.#effective = applyPolicy(stored, this.#policyValues);
    const changed = changedKeys(before, this.#effective.config);
    if (changed.length > 0) for (const listener of this.#listeners) listener(changed);
  }
}
