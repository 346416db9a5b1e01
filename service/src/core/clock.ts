/**
 * Time as the core sees it. The supervisor's backoff and stop deadlines run on this interface so
 * unit tests can drive hours of restarts in microseconds with a fake clock.
 */

export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `fn` once after `ms`; the returned timer cancels it. */
  setTimer(ms: number, fn: () => void): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};

/** Resolves after `ms` on `clock`, or when `signal` settles first; says which. */
export function raceTimer<T>(clock: Clock, ms: number, promise: Promise<T>): Promise<{ done: true; value: T } | { done: false }> {
  return new Promise((resolve, reject) => {
    const timer = clock.setTimer(ms, () => resolve({ done: false }));
    promise.then(
      (value) => {
        timer.cancel();
        resolve({ done: true, value });
      },
      (error: unknown) => {
        timer.cancel();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
