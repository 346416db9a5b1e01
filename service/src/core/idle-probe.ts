/**
 * Counts timer and immediate callbacks that run in this process, so a test or benchmark can
 * show that an idle service does no periodic work: nothing fires while nothing happens.
 */
import { createHook } from 'node:async_hooks';

export interface IdleProbe {
  /** Callbacks that ran since start(), excluding ids passed to ignore(). */
  readonly fired: number;
  ignore(asyncId: number): void;
  stop(): void;
}

export function startIdleProbe(): IdleProbe {
  const watched = new Set<number>();
  const ignored = new Set<number>();
  let fired = 0;
  const hook = createHook({
    init(asyncId, type) {
      if (type === 'Timeout' || type === 'Immediate') watched.add(asyncId);
    },
    before(asyncId) {
      if (watched.has(asyncId) && !ignored.has(asyncId)) fired++;
    },
    destroy(asyncId) {
      watched.delete(asyncId);
    },
  });
  hook.enable();
  return {
    get fired() {
      return fired;
    },
    ignore: (asyncId) => void ignored.add(asyncId),
    stop: () => void hook.disable(),
  };
}

/** Waits `ms` on a timer the probe does not count. */
export function idleWindow(probe: IdleProbe, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    probe.ignore(timerAsyncId(timer));
  });
}

function timerAsyncId(timer: NodeJS.Timeout): number {
  // Node exposes a timer's async id under this well-known symbol.
  const symbol = Object.getOwnPropertySymbols(timer).find((s) => s.description === 'asyncId');
  const id: unknown = symbol === undefined ? undefined : (timer as unknown as Record<symbol, unknown>)[symbol];
  if (typeof id !== 'number') throw new Error('cannot read the timer async id on this Node version');
  return id;
}
