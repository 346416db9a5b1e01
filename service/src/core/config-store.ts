/**
 * Configuration on disk: `config.json` plus a last-known-good copy. A corrupt or unreadable file
 * never stops the service: it starts from last-known-good, else from defaults, keeps the bad
 * file aside for the administrator, and reports what happened in status and log.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ConfigSchema, formatIssues, TandemError, type Config, type ConfigHealth } from '@tandem/shared';
import { writeFileAtomic } from './atomic-file.js';
import { explainFsError } from './fs-errors.js';
import { upgradeStoredConfig } from './config-upgrade.js';

export interface LoadedConfig {
  readonly config: Config;
  readonly source: ConfigHealth['source'];
  readonly problems: string[];
}

export const CONFIG_FILE = 'config.json';
export const LAST_KNOWN_GOOD_FILE = 'config.last-known-good.json';

export class ConfigStore {
  readonly file: string;
  readonly #lastKnownGood: string;
  /** Saves run one after another, so the file always holds the latest accepted configuration. */
  #queue: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, CONFIG_FILE);
    this.#lastKnownGood = path.join(dataDir, LAST_KNOWN_GOOD_FILE);
  }

  async load(): Promise<LoadedConfig> {
    const primary = await readConfig(this.file);
    if (primary.kind === 'ok') {
      await this.#remember(primary.raw);
      return { config: primary.config, source: 'file', problems: primary.notes };
    }
    if (primary.kind === 'missing') return { config: ConfigSchema.parse({}), source: 'defaults', problems: [] };

    const problems = [`${this.file}: ${primary.problem}`];
    const aside = await this.#setAside();
    if (aside !== undefined) problems.push(`the unreadable file was kept as ${aside}`);
    const fallback = await readConfig(this.#lastKnownGood);
    if (fallback.kind === 'ok') {
      problems.push('started from the last-known-good configuration');
      // Putting the good copy back is a courtesy to the next start; failing to is no reason not to start.
      await writeFileAtomic(this.file, fallback.raw).catch((error: unknown) => problems.push(`cannot put the last-known-good copy back: ${explainFsError(error)}`));
      return { config: fallback.config, source: 'last-known-good', problems: [...problems, ...fallback.notes] };
    }
    if (fallback.kind === 'invalid') problems.push(`${this.#lastKnownGood}: ${fallback.problem}`);
    problems.push('started from the default configuration');
    return { config: ConfigSchema.parse({}), source: 'defaults', problems };
  }

  /** Saves atomically and, once on disk, makes it the last-known-good copy. */
  save(config: Config): Promise<void> {
    const raw = `${JSON.stringify(config, null, 2)}\n`;
    const run = this.#queue.then(async () => {
      try {
        await writeFileAtomic(this.file, raw);
        await writeFileAtomic(this.#lastKnownGood, raw);
      } catch (error) {
        // The caller (config.set) answers with this: a code the client knows, and the reason in words.
        throw new TandemError('E_UNAVAILABLE', `cannot save the configuration to ${this.file}: ${explainFsError(error)}`, { cause: error });
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #remember(raw: string): Promise<void> {
    const current = await fs.readFile(this.#lastKnownGood, 'utf8').catch(() => undefined);
    if (current !== raw) await writeFileAtomic(this.#lastKnownGood, raw);
  }

  /** Keeps a corrupt file for inspection instead of overwriting the evidence on the next save. */
  async #setAside(): Promise<string | undefined> {
    const target = `${this.file}.corrupt-${new Date().toISOString().replaceAll(':', '-')}`;
    try {
      await fs.copyFile(this.file, target);
      return target;
    } catch {
      return undefined;
    }
  }
}

type ReadResult =
  /** `notes`: what reading it changed (a file of an earlier version, config-upgrade.ts). */
  | { kind: 'ok'; config: Config; raw: string; notes: string[] }
  | { kind: 'missing' }
  | { kind: 'invalid'; problem: string };

async function readConfig(file: string): Promise<ReadResult> {
  let raw: string;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', problem: `cannot be read (${code ?? String(error)})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { kind: 'invalid', problem: `is not valid JSON (${(error as Error).message})` };
  }
  const upgraded = upgradeStoredConfig(value);
  const parsed = ConfigSchema.safeParse(upgraded.value);
  if (!parsed.success) return { kind: 'invalid', problem: `does not match the schema: ${formatIssues(parsed.error)}` };
  return { kind: 'ok', config: parsed.data, raw, notes: upgraded.notes.map((note) => `${file}: ${note}`) };
}
