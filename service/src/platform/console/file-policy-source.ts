/**
 * Console mode's machine policy: `policy.json` in the data directory, an object of dotted keys
 * and enforced values (`{ "agents.eligibility": { "mode": "none" } }`). The Windows platform reads
 * the same keys from HKLM\SOFTWARE\Policies\Tandem instead.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PolicySource } from '../platform.js';

export const POLICY_FILE = 'policy.json';

export class FilePolicySource implements PolicySource {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, POLICY_FILE);
  }

  async read(): Promise<{ values: Record<string, unknown>; problems: string[] }> {
    let raw: string;
    try {
      raw = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: {}, problems: [] };
      return { values: {}, problems: [`${this.file} cannot be read: ${(error as Error).message}; no policy applied`] };
    }
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected an object of dotted keys');
      return { values: value as Record<string, unknown>, problems: [] };
    } catch (error) {
      return { values: {}, problems: [`${this.file} is not valid: ${(error as Error).message}; no policy applied`] };
    }
  }
}
