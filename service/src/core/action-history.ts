/**
 * The latest tray action runs, for `tandemctl actions list` (those in progress) and `history`:
 * a bounded list in memory, newest first. The audit log keeps every run for good; this only
 * answers "what happened lately" without reading it back.
 */
import type { ActionRunRecord } from '@tandem/shared';

/** Runs remembered; the oldest finished one goes first. */
export const HISTORY_SIZE = 100;

export class ActionHistory {
  readonly #size: number;
  /** Oldest first. */
  #records: ActionRunRecord[] = [];

  constructor(size = HISTORY_SIZE) {
    this.#size = size;
  }

  add(record: ActionRunRecord): void {
    this.#records.push(record);
    // Runs in progress are kept whatever their number: at most the gate's cap of them exist.
    while (this.#records.length > this.#size) {
      const oldest = this.#records.findIndex((candidate) => candidate.outcome !== null);
      if (oldest === -1) break;
      this.#records.splice(oldest, 1);
    }
  }

  /** Replaces the record of `runId` (a run that ended); nothing when it is no longer kept. */
  update(record: ActionRunRecord): void {
    const index = this.#records.findIndex((candidate) => candidate.runId === record.runId);
    if (index !== -1) this.#records[index] = record;
  }

  /** The latest `limit` runs, newest first. */
  latest(limit: number): ActionRunRecord[] {
    return this.#records.slice(-limit).reverse();
  }

  running(): ActionRunRecord[] {
    return this.#records.filter((record) => record.outcome === null).reverse();
  }
}
