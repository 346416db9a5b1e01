/**
 * What goes into a diagnostics archive, by who asks (F3). An administrator gets everything the
 * service has: full status, the configuration files, the audit log and every log line. A user,
 * who asks through their own session's pipe, gets only what is theirs: the status as `status`
 * shows it to them, the log lines of their current logon (see log-lines.ts for how lines are
 * attributed), the configuration in force with secret values replaced, and no audit log or
 * configuration file.
 */
import path from 'node:path';
import { redactSecrets, type ConfigView, type Status } from '@tandem/shared';
import { AUDIT_FILE } from './audit-log.js';
import { CONFIG_FILE, LAST_KNOWN_GOOD_FILE } from './config-store.js';
import type { ArchiveEntry } from './diagnostics.js';
import { belongsTo, type LogOwner } from './log-lines.js';

export interface ArchiveContentsInput {
  /** The status as the requester may see it (statusFor). */
  readonly status: Status;
  readonly config: ConfigView;
  /** The service's log files, newest first. */
  readonly logFiles: readonly string[];
  readonly dataDir: string;
  /** Dotted keys whose values are secret. */
  readonly secretKeys: readonly string[];
  /** The user's session logon, or null for an administrator. */
  readonly owner: LogOwner | null;
}

export function archiveContents(input: ArchiveContentsInput): ArchiveEntry[] {
  const { owner } = input;
  const logs = input.logFiles.map((file) => ({ name: `logs/${path.basename(file)}`, file }));
  if (owner === null) {
    return [
      { name: 'status.json', json: input.status },
      { name: 'config.json', json: input.config },
      ...logs,
      { name: `data/${AUDIT_FILE}`, file: path.join(input.dataDir, AUDIT_FILE) },
      { name: `data/${CONFIG_FILE}`, file: path.join(input.dataDir, CONFIG_FILE) },
      { name: `data/${LAST_KNOWN_GOOD_FILE}`, file: path.join(input.dataDir, LAST_KNOWN_GOOD_FILE) },
    ];
  }
  return [
    { name: 'status.json', json: input.status },
    { name: 'config.json', json: { ...input.config, config: redactSecrets(input.config.config, input.secretKeys) } },
    ...logs.map((log) => ({ ...log, keepLine: (line: string) => belongsTo(line, owner) })),
  ];
}
