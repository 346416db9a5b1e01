/**
 * What the service's last run left behind: `run-state.json` in the data directory, rewritten
 * atomically at each change of the service's life (running, suspended, stopping, stopped). A
 * start that finds anything but `stopped` knows the previous run ended without stopping (a hard
 * power loss, a crash, a kill) and says so; it then removes the temporary files a cut-off atomic
 * write can leave, so the next run starts clean. Saved first on shutdown, so an update that holds
 * the shutdown for minutes, or a power cut during it, finds the state already on disk.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';

export const RUN_STATE_FILE = 'run-state.json';

const STATES = ['running', 'suspended', 'stopping', 'stopped'] as const;

interface RunState {
  readonly state: (typeof STATES)[number];
  readonly pid: number;
  readonly since: string;
  readonly reason?: string;
}

/** The file as written by record(), or undefined for anything else. */
function parseRunState(raw: string): RunState | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { state, pid, since, reason } = value as Record<string, unknown>;
  const known = STATES.find((s) => s === state);
  if (known === undefined || typeof pid !== 'number' || typeof since !== 'string') return undefined;
  return { state: known, pid, since, ...(typeof reason === 'string' ? { reason } : {}) };
}

/** How the previous run ended, as found at start. */
export type PreviousRun = 'first' | 'clean' | 'unclean';

export interface RunStateStart {
  readonly previous: PreviousRun;
  /** What the previous run last recorded (`running since …`), for the log. */
  readonly detail: string | null;
  /** Temporary files of interrupted writes that were removed. */
  readonly removed: readonly string[];
}

export class RunStateFile {
  readonly file: string;
  readonly #dir: string;

  constructor(dataDir: string) {
    this.#dir = dataDir;
    this.file = path.join(dataDir, RUN_STATE_FILE);
  }

  /** Reads how the last run ended, cleans up after it, and records this run as running. */
  async begin(): Promise<RunStateStart> {
    const last = await this.#read();
    const removed = await this.#removeInterruptedWrites();
    await this.record('running');
    if (last === 'missing') return { previous: 'first', detail: null, removed };
    if (last === 'invalid') return { previous: 'unclean', detail: `${RUN_STATE_FILE} was unreadable`, removed };
    const detail = `${last.state}${last.reason === undefined ? '' : ` (${last.reason})`} since ${last.since}, pid ${last.pid}`;
    return { previous: last.state === 'stopped' ? 'clean' : 'unclean', detail, removed };
  }

  async record(state: RunState['state'], reason?: string): Promise<void> {
    const value: RunState = { state, pid: process.pid, since: new Date().toISOString(), ...(reason === undefined ? {} : { reason }) };
    await writeFileAtomic(this.file, `${JSON.stringify(value)}\n`);
  }

  async #read(): Promise<RunState | 'missing' | 'invalid'> {
    let raw: string;
    try {
      raw = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      return 'invalid';
    }
    return parseRunState(raw) ?? 'invalid';
  }

  /** `.<name>.<pid>.<hex>.tmp`: what writeFileAtomic leaves when the power goes before its rename. */
  async #removeInterruptedWrites(): Promise<string[]> {
    const names = await fs.readdir(this.#dir).catch(() => []);
    const stale = names.filter((name) => /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/.test(name));
    await Promise.all(stale.map((name) => fs.rm(path.join(this.#dir, name), { force: true })));
    return stale;
  }
}
