/** Time, injected, so that rate limits, quiet hours and the state model are tested without waiting. */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
