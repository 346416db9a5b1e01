/**
 * Machine policy on Windows: values under HKLM\SOFTWARE\Policies\Tandem, where Group Policy and
 * device management write. Each value's name is a dotted configuration key; a REG_DWORD is a
 * number, a REG_SZ holds JSON (`{"mode":"none"}`, `true`, `"text"`, `42`), and text that is not
 * JSON is taken as a plain string. Only administrators can write there.
 */
import type { PolicySource } from '../platform.js';
import { openMachineKey, readValues } from './win32/registry.js';

export const POLICY_KEY = 'SOFTWARE\\Policies\\Tandem';

function parseValue(value: string | number | readonly string[]): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export class RegistryPolicySource implements PolicySource {
  readonly #key: string;

  constructor(key: string = POLICY_KEY) {
    this.#key = key;
  }

  async read(): Promise<{ values: Record<string, unknown>; problems: string[] }> {
    let key;
    try {
      key = openMachineKey(this.#key);
    } catch (error) {
      return { values: {}, problems: [`HKLM\\${this.#key} cannot be read: ${(error as Error).message}; no policy applied`] };
    }
    if (key === undefined) return { values: {}, problems: [] };
    try {
      const values: Record<string, unknown> = {};
      for (const [name, value] of readValues(key)) values[name] = parseValue(value);
      return { values, problems: [] };
    } catch (error) {
      return { values: {}, problems: [`HKLM\\${this.#key} cannot be read: ${(error as Error).message}; no policy applied`] };
    } finally {
      key.close();
    }
  }
}
