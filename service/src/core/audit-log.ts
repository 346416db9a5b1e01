/**
 * The audit trail: one JSON line per configuration change and per tray action run, appended and
 * flushed before the change is acknowledged or the program started, so an administrator can
 * always answer "who did this, and when". "Who" is the account the platform authenticated (the
 * pipe client's token on Windows), not the name a client gives itself in its hello (F9). Each
 * entry is then mirrored where an administrator looks and an administrator cannot quietly edit:
 * the Event Log on Windows.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ActionOutcome, PeerAccount, RunAs } from '@tandem/shared';

export interface AuditCaller {
  /** Who the platform authenticated; null where it cannot tell. */
  readonly account: PeerAccount | null;
  readonly endpoint: string;
  readonly role: string;
  readonly pid: number | null;
  /** What the client program called itself (e.g. `tandemctl/0.1.0`): a claim, for context only. */
  readonly client: string;
}

export interface ConfigAuditEntry {
  readonly at: string;
  readonly caller: AuditCaller;
  readonly action: 'config.set' | 'config.reset';
  readonly key: string | null;
  readonly old: unknown;
  readonly new: unknown;
}

/**
 * A tray action's run: `action.started` before the program starts, `action.finished` when it
 * ended, `action.refused` when the service did not run it. The program and arguments are those
 * the run used: the definition may change later.
 */
export interface ActionAuditEntry {
  readonly at: string;
  readonly caller: AuditCaller;
  readonly action: 'action.started' | 'action.finished' | 'action.refused';
  readonly runId: string;
  readonly actionId: string;
  readonly sessionId: number;
  readonly runAs: RunAs;
  readonly program: string;
  readonly args: readonly string[];
  readonly outcome?: ActionOutcome;
  readonly exitCode?: number | null;
  readonly durationMs?: number;
  readonly outputBytes?: number;
  readonly reason?: string;
  /** Refusals of this session not written before this one, over the refusal rate (tray-actions.ts). */
  readonly unrecordedRefusals?: number;
}

export type AuditEntry = ConfigAuditEntry | ActionAuditEntry;

export function isConfigEntry(entry: AuditEntry): entry is ConfigAuditEntry {
  return entry.action === 'config.set' || entry.action === 'config.reset';
}

export const AUDIT_FILE = 'audit.log';

export interface AuditLogOptions {
  /** Told of every entry once it is on disk (the Event Log). Must not throw. */
  readonly mirror?: (entry: AuditEntry) => void;
}

export class AuditLog {
  readonly file: string;
  readonly #mirror: (entry: AuditEntry) => void;

  constructor(dataDir: string, options: AuditLogOptions = {}) {
    this.file = path.join(dataDir, AUDIT_FILE);
    this.#mirror = options.mirror ?? (() => undefined);
  }

  async append(entry: AuditEntry): Promise<void> {
    const handle = await fs.open(this.file, 'a', 0o600);
    try {
      await handle.write(`${JSON.stringify(entry)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.#mirror(entry);
  }
}

/** Longest JSON of a value quoted in a description; the audit log has the whole value. */
const MAX_VALUE_CHARS = 200;

/**
 * One line for the Event Log: what changed, from what to what, and who did it. Values of secret
 * keys (and of whole-configuration resets, which may hold them) are left out: the Application
 * log is readable by more people than the configuration is.
 */
export function describeAuditEntry(entry: ConfigAuditEntry, secretKeys: readonly string[]): string {
  const { caller, key } = entry;
  const who =
    caller.account === null
      ? `an account the platform could not identify`
      : `${caller.account.name} (${caller.account.id})`;
  const what = key === null ? `${entry.action} of the whole configuration` : `${entry.action} ${key}`;
  const values = key === null || touchesSecret(key, secretKeys) ? '' : ` from ${quote(entry.old)} to ${quote(entry.new)}`;
  return `Tandem configuration changed: ${what}${values}, by ${who} through the ${caller.endpoint} endpoint (pid ${caller.pid ?? 'unknown'}, client says ${JSON.stringify(caller.client)}).`;
}

function touchesSecret(key: string, secretKeys: readonly string[]): boolean {
  return secretKeys.some((secret) => secret === key || secret.startsWith(`${key}.`) || key.startsWith(`${secret}.`));
}

function quote(value: unknown): string {
  const json = JSON.stringify(value) ?? 'nothing';
  return json.length > MAX_VALUE_CHARS ? `${json.slice(0, MAX_VALUE_CHARS)}…` : json;
}
