/**
 * The configuration audit trail: one JSON line per change, appended and flushed before the
 * change is acknowledged, so an administrator can always answer "who changed this, and when".
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface AuditEntry {
  readonly at: string;
  readonly caller: { readonly client: string; readonly endpoint: string; readonly role: string; readonly pid: number | null };
  readonly action: 'config.set' | 'config.reset';
  readonly key: string | null;
  readonly old: unknown;
  readonly new: unknown;
}

export const AUDIT_FILE = 'audit.log';

export class AuditLog {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, AUDIT_FILE);
  }

  async append(entry: AuditEntry): Promise<void> {
    const handle = await fs.open(this.file, 'a', 0o600);
    try {
      await handle.write(`${JSON.stringify(entry)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
