/**
 * How many requests the clients of one endpoint may make, all their connections together: a
 * token bucket. Any user can open connections to their own endpoint and send requests as fast
 * as the service answers them; without a budget, one session's loop of cheap requests takes
 * the service's whole event loop, and every other client, the administrator included, waits
 * behind it. Over budget, the server does not refuse anything: it stops reading that client
 * until the budget allows its next request, so the kernel holds the rest.
 */

export interface RequestRate {
  /** Requests the endpoint's clients may send at once. */
  readonly burst: number;
  /** Requests per second after that. */
  readonly perSecond: number;
}

export class RequestBudget {
  readonly #rate: RequestRate;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(rate: RequestRate, now: () => number = () => performance.now()) {
    if (!(rate.burst >= 1 && rate.perSecond > 0)) throw new RangeError(`Expected a burst of 1 and up and a positive rate, got ${JSON.stringify(rate)}`);
    this.#rate = rate;
    this.#now = now;
    this.#tokens = rate.burst;
    this.#at = now();
  }

  /** Spends one request; returns how many milliseconds to wait before reading the next one (0: at once). */
  spend(): number {
    this.#refill();
    this.#tokens -= 1;
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) * 1000) / this.#rate.perSecond);
  }

  /** Spends one if the budget has one, without going into debt; says whether it did. */
  take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#rate.burst, this.#tokens + ((now - this.#at) * this.#rate.perSecond) / 1000);
    this.#at = now;
  }
}
