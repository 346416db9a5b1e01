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
  /** The last policy read whole, kept when the key later cannot be read at all. */
  #lastGood: Record<string, unknown> | undefined;

  constructor(key: string = POLICY_KEY) {
    this.#key = key;
  }

  /**
   * One bad value is left out and reported; every other value still applies (the policy layer
   * then validates each key on its own). If the key cannot be read at all, the last policy read
   * stays in force rather than none: enforced keys must not silently become settable (I4).
   */
  async read(): Promise<{ values: Record<string, unknown>; problems: string[] }> {
    const where = `HKLM\\${this.#key}`;
    let key;
    try {
      key = openMachineKey(this.#key);
    } catch (error) {
      return this.#unreadable(`${where} cannot be read: ${(error as Error).message}`);
    }
    if (key === undefined) {
      this.#lastGood = {};
      return { values: {}, problems: [] };
    }
    try {
      const values: Record<string, unknown> = {};
      const problems: string[] = [];
      const read = readValues(key, ({ name, problem }) => problems.push(`${where}\\${name} is ${problem}; ignored`));
      for (const [name, value] of read) values[name] = decodePolicyData(name, value);
      this.#lastGood = values;
      return { values, problems };
    } catch (error) {
      return this.#unreadable(`${where} cannot be read: ${(error as Error).message}`);
    } finally {
      key.close();
    }
  }

  #unreadable(problem: string): { values: Record<string, unknown>; problems: string[] } {
    if (this.#lastGood === undefined) return { values: {}, problems: [`${problem}; no policy applied`] };
    return { values: { ...this.#lastGood }, problems: [`${problem}; the policy read before stays in force`] };
  }
}
