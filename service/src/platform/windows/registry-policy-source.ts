/**
 * Machine policy on Windows: values under HKLM\SOFTWARE\Policies\Tandem, where Group Policy and
 * device management write. Each value's name is a dotted configuration key; policy-values.ts says
 * how its data reads (a REG_DWORD is a number, a REG_SZ is JSON unless the key holds text).
 * Only administrators can write there.
 */
import type { PolicySource } from '../platform.js';
import { decodePolicyData, POLICY_KEY } from './policy-values.js';
import { openMachineKey, readValues } from './win32/registry.js';

export { POLICY_KEY };

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
      for (const [name, value] of readValues(key)) values[name] = decodePolicyData(name, value);
      return { values, problems: [] };
    } catch (error) {
      return { values: {}, problems: [`HKLM\\${this.#key} cannot be read: ${(error as Error).message}; no policy applied`] };
    } finally {
      key.close();
    }
  }
}
