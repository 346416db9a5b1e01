/** Capped exponential backoff with jitter, shared by client reconnects and agent restarts. */

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Fraction of each delay drawn at random, 0 to 1 (0.5: between half and the full delay). */
  readonly jitter: number;
}

/** The delay before attempt `attempt` (0-based): initial × 2^attempt, capped, minus jitter. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(exponential * (1 - policy.jitter * random()));
}
