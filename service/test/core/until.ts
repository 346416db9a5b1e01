/** Waits for a condition instead of a fixed time, so a slow machine is slow rather than wrong. */
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `predicate` every few milliseconds; fails naming `what` after `ms`. */
export async function until(predicate: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(5);
  }
}
