/**
 * The configuration in force: the stored configuration with machine policy applied, changed
 * only through validated, saved and audited operations, with listeners told which keys changed
 * so the service can apply them live. The programs of tray actions are checked by the platform
 * when they are defined, from tandemctl or from policy (ActionRunner.checkProgram).
 */
import { ConfigSchema, describeError, formatIssues, isTandemError, TandemError, type Config, type ConfigHealth, type ConfigView, type TrayAction } from '@tandem/shared';
import type { Logger } from 'pino';
import type { PolicySource } from '../platform/platform.js';
import type { AuditLog, ConfigAuditEntry } from './audit-log.js';
import { changedKeys, checkKey, getKey, withKey } from './config-keys.js';
import type { ConfigStore } from './config-store.js';
import { applyPolicy, isEnforced, type EffectiveConfig } from './policy.js';

export type Caller = ConfigAuditEntry['caller'];

/** Who is shown the configuration's health: a user's view never names an action's program. */
export type Audience = 'admin' | 'user';

export interface ConfigManagerOptions {
  /** Refuses, naming the path, a program a tray action may not run; nothing is checked when absent. */
  readonly checkProgram?: (program: string) => Promise<void>;
}

/** A problem as an administrator reads it, and as a user may. */
interface TwoSidedProblem {
  readonly admin: string;
  readonly user: string;
}

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
  /** Policy values refused for an action's program. */
  #programProblems: TwoSidedProblem[] = [];
  readonly #checkProgram: ((program: string) => Promise<void>) | undefined;
  /**
   * Every change and reload runs after the previous one has committed: a change is computed from
   * the stored configuration, so two changes built before either commits would lose the first.
   */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(store: ConfigStore, audit: AuditLog, policy: PolicySource, log: Logger, options: ConfigManagerOptions = {}) {
    this.#store = store;
    this.#audit = audit;
    this.#policy = policy;
    this.#log = log;
    this.#checkProgram = options.checkProgram;
  }

  get config(): Config {
    return this.#effective.config;
  }

  health(audience: Audience = 'admin'): ConfigHealth {
    return {
      source: this.#source,
      problems: [...this.#loadProblems, ...this.#policyProblems, ...this.#programProblems.map((problem) => problem[audience]), ...this.#effective.problems],
      enforced: [...this.#effective.enforced],
    };
  }

  view(audience: Audience = 'admin'): ConfigView {
    return { config: this.config, health: this.health(audience) };
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
    this.#policyProblems = policy.problems;
    for (const problem of policy.problems) this.#log.warn(`policy: ${problem}`);
    const vetted = await this.#vetPolicyPrograms(policy.values);
    this.#policyValues = vetted.values;
    this.#programProblems = vetted.problems;
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

  async #commit(next: Config, what: Pick<ConfigAuditEntry, 'action' | 'key' | 'caller'>): Promise<void> {
    const before = this.#stored;
    if (JSON.stringify(before.tray.actions) !== JSON.stringify(next.tray.actions)) {
      try {
        await this.#checkPrograms(next.tray.actions);
      } catch (error) {
        const code = isTandemError(error) ? error.code : 'E_INVALID_PARAMS';
        throw new TandemError(code, `${what.action}: tray.actions: ${describeProblem(error)}`, { cause: error });
      }
    }
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

  /**
   * Policy values that define actions whose programs the platform refuses are left out, as an
   * invalid value is: the rest of policy applies, and status says why (naming the path to
   * administrators only, since users see the configuration's problems too).
   */
  async #vetPolicyPrograms(values: Record<string, unknown>): Promise<{ values: Record<string, unknown>; problems: TwoSidedProblem[] }> {
    const kept: Record<string, unknown> = {};
    const problems: TwoSidedProblem[] = [];
    for (const [key, value] of Object.entries(values)) {
      const parsed = definesActions(key) ? ConfigSchema.safeParse(withKey(ConfigSchema.parse({}), key, value)) : undefined;
      // An invalid value is applyPolicy's to report; only a valid one has programs to check.
      if (parsed?.success === true) {
        try {
          await this.#checkPrograms(parsed.data.tray.actions);
        } catch (error) {
          const problem = { admin: `policy: ${key} ignored: ${describeProblem(error)}`, user: `policy: ${key} ignored: an action's program cannot be used (the service's log says which and why)` };
          this.#log.warn(problem.admin);
          problems.push(problem);
          continue;
        }
      }
      kept[key] = value;
    }
    return { values: kept, problems };
  }

  async #checkPrograms(actions: readonly TrayAction[]): Promise<void> {
    const check = this.#checkProgram;
    if (check === undefined) return;
    for (const action of actions) {
      try {
        await check(action.program);
      } catch (error) {
        throw new TandemError(isTandemError(error) ? error.code : 'E_INVALID_PARAMS', `action \`${action.id}\`: ${describeProblem(error)}`, { cause: error });
      }
    }
  }

  #apply(stored: Config): void {
    const before = this.#effective.config;
    this.#stored = stored;
    this.#effective = applyPolicy(stored, this.#policyValues);
    const changed = changedKeys(before, this.#effective.config);
    if (changed.length > 0) for (const listener of this.#listeners) listener(changed);
  }
}

/** Whether a policy or configuration key holds the action definitions (itself, or a group around them). */
function definesActions(key: string): boolean {
  return key === 'tray.actions' || 'tray.actions'.startsWith(`${key}.`);
}

/** An error's message without its code: the code travels beside it. */
function describeProblem(error: unknown): string {
  return isTandemError(error) ? error.message : describeError(error);
}
