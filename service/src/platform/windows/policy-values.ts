/**
 * Machine policy's registry layout: for each configuration key, the value under
 * HKLM\SOFTWARE\Policies\Tandem that enforces it (named by the dotted key), what type of data it
 * holds, and how that data reads back. The registry policy source reads by this table and the
 * Group Policy templates (installer/src/policy-templates.ts) are rendered from it, so what a
 * template writes is what the service reads. No koffi here: Linux tests and the generator load it.
 */
import { valueShape, type ValueShape } from '@tandem/shared';
import { CONFIG_KEYS } from '../../core/config-keys.js';

export const POLICY_KEY = 'SOFTWARE\\Policies\\Tandem';

/**
 * The most characters a REG_SZ policy value may hold: the policy source reads at most 64 KiB of
 * data per value (32,768 UTF-16 units with the terminator); kept below that with room to spare.
 */
export const MAX_POLICY_TEXT = 32_000;

export type PolicyEncoding =
  /** REG_DWORD within the schema's bounds, so a template cannot offer what the service refuses. */
  | { readonly kind: 'dword'; readonly min: number; readonly max: number }
  /** REG_SZ taken verbatim: a support text that reads `42` or `true` stays text. */
  | { readonly kind: 'text'; readonly maxLength: number }
  /** REG_SZ holding one of `choices`, verbatim. */
  | { readonly kind: 'choice'; readonly choices: readonly string[] }
  /** REG_SZ `true` or `false`: a REG_DWORD 1 would read as the number 1, which a boolean refuses. */
  | { readonly kind: 'boolean' }
  /** REG_SZ holding JSON: objects, arrays and whatever else the registry has no type for. */
  | { readonly kind: 'json'; readonly maxLength: number };

export interface PolicyValue {
  /** The configuration key the value enforces. */
  readonly key: string;
  /** The registry value's name under POLICY_KEY: the dotted key itself. */
  readonly valueName: string;
  readonly encoding: PolicyEncoding;
}

/** Data as the registry holds it (REG_SZ, REG_DWORD, REG_MULTI_SZ). */
export type PolicyData = string | number | readonly string[];

export function policyEncoding(shape: ValueShape): PolicyEncoding {
  switch (shape.kind) {
    case 'integer':
      // A DWORD is unsigned 32-bit; a range it cannot hold goes through JSON text instead.
      return shape.min >= 0 && shape.max <= 0xffff_ffff ? { kind: 'dword', min: shape.min, max: shape.max } : { kind: 'json', maxLength: MAX_POLICY_TEXT };
    case 'text':
      return { kind: 'text', maxLength: Math.min(shape.maxLength ?? MAX_POLICY_TEXT, MAX_POLICY_TEXT) };
    case 'choice':
      return { kind: 'choice', choices: shape.choices };
    case 'boolean':
      return { kind: 'boolean' };
    case 'json':
      return { kind: 'json', maxLength: MAX_POLICY_TEXT };
  }
}

function policyValueFor(key: string): PolicyValue {
  const shape = valueShape(key);
  if (shape === undefined) throw new Error(`configuration key \`${key}\` is not in the schema`);
  return { key, valueName: key, encoding: policyEncoding(shape) };
}

/** One registry value per settable configuration key, in CONFIG_KEYS order. */
export const POLICY_VALUES: readonly PolicyValue[] = [...CONFIG_KEYS].map(policyValueFor);

const BY_VALUE_NAME = new Map(POLICY_VALUES.map((value) => [value.valueName, value]));

/**
 * What registry data under POLICY_KEY means: text and choice values verbatim; otherwise a
 * REG_DWORD is a number and a REG_SZ is JSON when it parses, else the plain string. Unknown
 * value names are read the same way, so the policy layer can name them in its problems.
 */
export function decodePolicyData(valueName: string, data: PolicyData): unknown {
  const kind = BY_VALUE_NAME.get(valueName)?.encoding.kind;
  if (typeof data !== 'string' || kind === 'text' || kind === 'choice') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

/** The registry data that enforces `setting` for `value`, as a template's element writes it. */
export function encodePolicyData(value: PolicyValue, setting: unknown): string | number {
  const { encoding } = value;
  const wrong = (): never => {
    throw new TypeError(`${value.key}: a ${encoding.kind} policy value cannot hold ${JSON.stringify(setting)}`);
  };
  switch (encoding.kind) {
    case 'dword':
      return typeof setting === 'number' && Number.isInteger(setting) && setting >= 0 && setting <= 0xffff_ffff ? setting : wrong();
    case 'text':
    case 'choice':
      return typeof setting === 'string' ? setting : wrong();
    case 'boolean':
      return typeof setting === 'boolean' ? String(setting) : wrong();
    case 'json':
      return JSON.stringify(setting) ?? wrong();
  }
}
