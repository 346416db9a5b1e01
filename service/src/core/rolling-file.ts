/**
 * A log file that rolls by size and by day and keeps a bounded number of old files. Writes are
 * synchronous appends: a service has no stdout to fall back on, a line written is on disk when
 * the call returns (nothing to flush before SERVICE_STOPPED), and no timer or worker thread is
 * needed — an idle service does no periodic work. Rotation is checked on write instead of on a
 * timer for the same reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { explainFsError } from './fs-errors.js';

export interface RollingFileOptions {
  readonly file: string;
  readonly maxBytes: number;
  /** Rolled files kept beside the current one. */
  readonly retain: number;
  readonly now?: () => Date;
  /** Told once when writing starts failing (disk full, permissions) and once when it recovers. */
  readonly onProblem?: (problem: string | undefined) => void;
}

export class RollingFile {
  readonly file: string;
  #maxBytes: number;
  #retain: number;
  readonly #now: () => Date;
  readonly #onProblem: (problem: string | undefined) => void;
  #fd: number | undefined;
  #size = 0;
  #day = '';
  #problem: string | undefined;

  constructor(options: RollingFileOptions) {
    this.file = options.file;
    this.#maxBytes = options.maxBytes;
    this.#retain = options.retain;
    this.#now = options.now ?? (() => new Date());
    this.#onProblem = options.onProblem ?? (() => undefined);
  }

  /** The current write problem, if writing is failing. */
  get problem(): string | undefined {
    return this.#problem;
  }

  setLimits(maxBytes: number, retain: number): void {
    this.#maxBytes = maxBytes;
    this.#retain = retain;
  }

  /**
   * Opens the file (creating its folder) or throws an error that says which path failed and why.
   * Also how writing resumes after a failure, such as the folder having been deleted: whoever
   * deleted it may have left a link (a symlink, a junction) in its place, and the service, SYSTEM
   * on Windows, must not then write where that points. So neither the folder nor the file is
   * followed if it is a link.
   */
  open(): void {
    const folder = path.dirname(this.file);
    fs.mkdirSync(folder, { recursive: true });
    refuseLink(folder, 'log folder');
    this.#fd = openForAppend(this.file);
    const stat = fs.fstatSync(this.#fd);
    this.#size = stat.size;
    // A file left from an earlier day rolls on the first write of today.
    this.#day = dayOf(stat.size > 0 ? stat.mtime : this.#now());
  }

  /** Appends; returns false (and reports the problem) when the line could not be written. */
  write(line: string): boolean {
    try {
      const bytes = Buffer.byteLength(line);
      const today = dayOf(this.#now());
      if (this.#fd === undefined) this.open();
      if (this.#size > 0 && (this.#size + bytes > this.#maxBytes || today !== this.#day)) this.#roll();
      this.#day = today;
      fs.writeSync(this.#fd ?? this.#reopen(), line);
      this.#size += bytes;
      this.#setProblem(undefined);
      return true;
    } catch (error) {
      this.#setProblem(`cannot write the log file ${this.file}: ${explainFsError(error)}`);
      this.#close();
      return false;
    }
  }

  /** Forces written lines to the disk (before reporting a stop). */
  flush(): void {
    if (this.#fd !== undefined) {
      try {
        fs.fsyncSync(this.#fd);
      } catch {
        // A log that cannot be synced is already reported by write(); stopping must go on.
      }
    }
  }

  close(): void {
    this.flush();
    this.#close();
  }

  /** Files of this log, newest first: the current one, then rolled ones. */
  files(): string[] {
    return [this.file, ...Array.from({ length: this.#retain }, (_, i) => rolledName(this.file, i + 1))].filter((f) => fs.existsSync(f));
  }

  #roll(): void {
    this.#close();
    fs.rmSync(rolledName(this.file, this.#retain), { force: true });
    for (let i = this.#retain - 1; i >= 1; i--) {
      const from = rolledName(this.file, i);
      if (fs.existsSync(from)) fs.renameSync(from, rolledName(this.file, i + 1));
    }
    fs.renameSync(this.file, rolledName(this.file, 1));
    this.#reopen();
  }

  #reopen(): number {
    this.#fd = openForAppend(this.file);
    this.#size = fs.fstatSync(this.#fd).size;
    return this.#fd;
  }

  #close(): void {
    if (this.#fd === undefined) return;
    try {
      fs.closeSync(this.#fd);
    } catch {
      // Already closed by a failed write.
    }
    this.#fd = undefined;
  }

  #setProblem(problem: string | undefined): void {
    if (problem === this.#problem) return;
    this.#problem = problem;
    this.#onProblem(problem);
  }
}

/** A link at the log's path, refused rather than followed (see open()). */
export class LinkRefused extends Error {
  override readonly name = 'LinkRefused';
}

/**
 * Throws LinkRefused if `target` is a link. lstat reports Windows junctions and symlinks as
 * links too (libuv reads both reparse points). Nothing there yet is fine: it is about to be created.
 */
function refuseLink(target: string, what: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (stat.isSymbolicLink()) throw new LinkRefused(`the ${what} ${target} is a link; refusing to follow it`);
}

/**
 * Opens `file` for appending, never through a link at the file itself: refused beforehand, and
 * where the OS has O_NOFOLLOW (not Windows) also refused by the open itself, if one appears between.
 */
function openForAppend(file: string): number {
  refuseLink(file, 'log file');
  const { O_APPEND, O_CREAT, O_WRONLY, O_NOFOLLOW } = fs.constants;
  return fs.openSync(file, O_WRONLY | O_APPEND | O_CREAT | (O_NOFOLLOW ?? 0), 0o600);
}

/** `tandem.log` → `tandem.1.log`. */
export function rolledName(file: string, index: number): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}.${index}${ext}`;
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
