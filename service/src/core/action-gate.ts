/**
 * Who may start a tray action now: one run of an action per session at a time, a cap on the
 * runs of the whole machine, and a cooldown per action per session that starts when a run ends
 * (so a user cannot keep a slow action busy back to back). Refusals are E_CONFLICT with words
 * that say when to try again. Time comes from the clock, so tests move it by hand.
 */
import { TandemError } from '@tandem/shared';
import type { Clock } from './clock.js';

/** A claimed run; release it exactly once, when the run is over. */
export interface GateTicket {
  /** `cooldownMs`: how long this session must wait before running the action again (0: not at all). */
  release(cooldownMs: number): void;
}

export class ActionGate {
  readonly #clock: Clock;
  readonly #maxRuns: number;
  /** `session:action` of the runs in progress. */
  readonly #running = new Set<string>();
  /** `session:action` → when it may run again (clock ms). */
  readonly #coolingUntil = new Map<string, number>();

  constructor(clock: Clock, maxConcurrentRuns: number) {
    this.#clock = clock;
    this.#maxRuns = maxConcurrentRuns;
  }

  get running(): number {
    return this.#running.size;
  }

  /**
   * Claims a run of `actionId` in `sessionId`, or throws E_CONFLICT saying why not.
   * `ignoreCooldown`: an administrator's run is not held back by (and does not start) a cooldown.
   */
  admit(sessionId: number, actionId: string, label: string, ignoreCooldown: boolean): GateTicket {
    const key = `${sessionId}:${actionId}`;
    if (this.#running.has(key)) throw new TandemError('E_CONFLICT', `${label} is already running in this session; wait for it to finish`);
    const now = this.#clock.now();
    const until = this.#coolingUntil.get(key);
    if (!ignoreCooldown && until !== undefined && until > now) {
      throw new TandemError('E_CONFLICT', `${label} ran a moment ago; it can run again in ${Math.ceil((until - now) / 1000)} s`);
    }
    if (this.#running.size >= this.#maxRuns) {
      throw new TandemError('E_CONFLICT', `${this.#maxRuns} actions are already running on this computer; try again when one has finished`);
    }
    this.#forgetCooled(now);
    this.#running.add(key);
    let released = false;
    return {
      release: (cooldownMs) => {
        if (released) return;
        released = true;
        this.#running.delete(key);
        if (!ignoreCooldown && cooldownMs > 0) this.#coolingUntil.set(key, this.#clock.now() + cooldownMs);
      },
    };
  }

  /** Cooldowns that are over are forgotten, so the map holds only live ones. */
  #forgetCooled(now: number): void {
    for (const [key, until] of this.#coolingUntil) if (until <= now) this.#coolingUntil.delete(key);
  }
}
