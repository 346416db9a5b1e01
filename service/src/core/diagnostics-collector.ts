/**
 * Who may make the service build diagnostics archives, and how often (F4): any user can ask
 * through their agent pipe, from many connections at once, so the work is bounded here.
 *
 * - One archive is built at a time, service-wide: collections queue behind each other.
 * - Requests of one requester (one logon of one session, or the administrators) while theirs is
 *   being built join it, and within the cooldown after it they get the same archive back. The
 *   queue therefore never holds more than one collection per session, plus the admins'.
 * - The folder is capped: after each archive, the oldest ones are removed until the folder's
 *   archives fit, so a loop of requests cannot fill the disk.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Clock } from './clock.js';
import { ARCHIVE_PREFIX, type ArchiveResult } from './diagnostics.js';

export interface DiagnosticsLimits {
  /** How long an archive is handed back again instead of building a new one. */
  readonly cooldownMs: number;
  /** Total bytes of archives the folder may hold; the oldest are removed beyond it. */
  readonly maxFolderBytes: number;
}

/** One minute of cooldown; 64 MiB of archives (an archive holds at most about 40 MiB of logs, compressed). */
export const DEFAULT_DIAGNOSTICS_LIMITS: DiagnosticsLimits = Object.freeze({ cooldownMs: 60_000, maxFolderBytes: 64 * 1024 * 1024 });

export interface Requester {
  /** Identifies the requester across requests: a session's logon, or `admin`. */
  readonly key: string;
  /** Where this requester's archives go. */
  readonly folder: string;
}

export interface DiagnosticsCollectorOptions {
  readonly clock: Clock;
  readonly limits?: DiagnosticsLimits;
  /** Told about archives removed to respect the cap, and about failures to remove them. */
  readonly onPruned?: (removed: string[], problem: string | undefined) => void;
}

/**
 * How long the recent archive's presence on disk, once checked, is taken for granted. A storm of
 * requests in the cooldown is answered from memory, not with a file-system call each (under
 * bench:resilience those calls were half of the service's busy time); an archive deleted
 * meanwhile is noticed this much later.
 */
export const RECHECK_MS = 1_000;

interface Recent {
  readonly result: ArchiveResult;
  readonly at: number;
  /** The last check that the archive is still there, shared by the requests that come meanwhile. */
  check?: { readonly at: number; readonly present: Promise<boolean> };
}

export class DiagnosticsCollector {
  readonly #clock: Clock;
  readonly #limits: DiagnosticsLimits;
  readonly #onPruned: (removed: string[], problem: string | undefined) => void;
  readonly #building = new Map<string, Promise<ArchiveResult>>();
  readonly #recent = new Map<string, Recent>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: DiagnosticsCollectorOptions) {
    this.#clock = options.clock;
    this.#limits = options.limits ?? DEFAULT_DIAGNOSTICS_LIMITS;
    this.#onPruned = options.onPruned ?? (() => undefined);
  }

  /** An archive for `requester`: the one being built or recently built for them, or a new one made by `build`. */
  async collect(requester: Requester, build: () => Promise<ArchiveResult>): Promise<ArchiveResult> {
    const building = this.#building.get(requester.key);
    if (building !== undefined) return building;
    const recent = this.#recent.get(requester.key);
    if (recent !== undefined && this.#clock.now() - recent.at < this.#limits.cooldownMs && (await this.#stillThere(recent))) return recent.result;
    // Checked again: another request of the same requester may have started while we looked.
    const started = this.#building.get(requester.key);
    if (started !== undefined) return started;
    const result = this.#queue.then(async () => {
      const archive = await build();
      await this.#prune(requester.folder, archive.path);
      return archive;
    });
    this.#queue = result.catch(() => undefined);
    this.#building.set(requester.key, result);
    try {
      const archive = await result;
      this.#forgetExpired();
      this.#recent.set(requester.key, { result: archive, at: this.#clock.now() });
      return archive;
    } finally {
      this.#building.delete(requester.key);
    }
  }

  /** Removes the oldest archives of `folder` until they fit the cap; never `keep`, the one just made. */
  async #prune(folder: string, keep: string): Promise<void> {
    const archives: Array<{ file: string; bytes: number; at: number }> = [];
    for (const name of await fs.readdir(folder)) {
      if (!name.startsWith(ARCHIVE_PREFIX) || !name.endsWith('.zip')) continue;
      const file = path.join(folder, name);
      const stat = await fs.lstat(file).catch(() => undefined);
      if (stat?.isFile() === true) archives.push({ file, bytes: stat.size, at: stat.mtimeMs });
    }
    let total = archives.reduce((sum, a) => sum + a.bytes, 0);
    const removed: string[] = [];
    let problem: string | undefined;
    for (const archive of archives.sort((a, b) => a.at - b.at || a.file.localeCompare(b.file))) {
      if (total <= this.#limits.maxFolderBytes) break;
      if (archive.file === keep) continue;
      try {
        await fs.rm(archive.file, { force: true });
        removed.push(archive.file);
        total -= archive.bytes;
      } catch (error) {
        problem = `cannot remove ${archive.file}: ${(error as Error).message}`;
      }
    }
    if (removed.length > 0 || problem !== undefined) this.#onPruned(removed, problem);
  }

  #stillThere(recent: Recent): Promise<boolean> {
    const now = this.#clock.now();
    if (recent.check === undefined || now - recent.check.at >= RECHECK_MS) recent.check = { at: now, present: exists(recent.result.path) };
    return recent.check.present;
  }

  #forgetExpired(): void {
    const now = this.#clock.now();
    for (const [key, recent] of this.#recent) if (now - recent.at >= this.#limits.cooldownMs) this.#recent.delete(key);
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
