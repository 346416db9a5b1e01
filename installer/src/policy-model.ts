/**
 * The Group Policy templates' content before it becomes XML: one policy per registry value of
 * machine policy (policy-values.ts), each with the ADMX element that writes that value's type.
 *
 *   REG_DWORD  → decimal (minValue/maxValue = the schema's bounds)
 *   text       → text (REG_SZ, verbatim)
 *   choice     → enum (REG_SZ, one item per choice)
 *   boolean    → the policy's own enabledValue/disabledValue, REG_SZ "true"/"false"
 *   json       → text (REG_SZ holding JSON), the help text giving an example
 */
import { getKey } from '@tandem/service/core/config-keys';
import { POLICY_KEY, POLICY_VALUES, type PolicyValue } from '@tandem/service/platform/windows/policy-values';
import { defaultConfig } from '@tandem/shared';
import { POLICY_DESCRIPTIONS, type PolicyDescription } from './policy-descriptions.js';
import { explainText } from './policy-explain.js';

export type AdmxElement =
  | { readonly kind: 'decimal'; readonly id: string; readonly valueName: string; readonly min: number; readonly max: number; readonly defaultValue: number }
  | { readonly kind: 'text'; readonly id: string; readonly valueName: string; readonly maxLength: number; readonly required: boolean; readonly defaultValue: string }
  | { readonly kind: 'enum'; readonly id: string; readonly valueName: string; readonly items: readonly EnumItem[]; readonly defaultItem: number };

export interface EnumItem {
  readonly value: string;
  /** The ADML string that names the item in the drop-down. */
  readonly stringId: string;
}

export interface AdmxPolicy {
  /** The policy's name, also its string and presentation id. */
  readonly name: string;
  /** The configuration key it enforces. */
  readonly key: string;
  /** The configuration group it is listed under (`agents`). */
  readonly group: string;
  /** Registry key under HKLM. */
  readonly registryKey: string;
  /** A boolean policy writes one value itself, on Enabled and on Disabled. */
  readonly toggle?: { readonly valueName: string; readonly enabled: string; readonly disabled: string };
  /** Any other policy writes its value through one element. */
  readonly element?: AdmxElement;
  readonly description: PolicyDescription;
  readonly explain: string;
}

/** `agents.stopTimeoutMs` → `Agents_StopTimeoutMs`: ids must be plain names, without dots. */
export function policyName(key: string): string {
  const name = key
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('_');
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`configuration key \`${key}\` does not make a valid policy name (\`${name}\`)`);
  return name;
}

export function describe(key: string, descriptions: Readonly<Record<string, PolicyDescription>> = POLICY_DESCRIPTIONS): PolicyDescription {
  const description = descriptions[key];
  if (description === undefined) throw new Error(`no description for configuration key \`${key}\`: add one to installer/src/policy-descriptions.ts`);
  return description;
}

function elementFor(value: PolicyValue, name: string, setting: unknown, description: PolicyDescription): AdmxElement | undefined {
  const id = `${name}_Value`;
  const { valueName, encoding } = value;
  switch (encoding.kind) {
    case 'dword':
      return { kind: 'decimal', id, valueName, min: encoding.min, max: encoding.max, defaultValue: typeof setting === 'number' ? setting : encoding.min };
    case 'text':
      return { kind: 'text', id, valueName, maxLength: encoding.maxLength, required: false, defaultValue: typeof setting === 'string' ? setting : '' };
    case 'choice': {
      const items = encoding.choices.map((choice) => ({ value: choice, stringId: `${name}_${choice.replaceAll(/[^A-Za-z0-9]/g, '_')}` }));
      return { kind: 'enum', id, valueName, items, defaultItem: Math.max(0, encoding.choices.indexOf(String(setting))) };
    }
    case 'json':
      if (description.example === undefined) throw new Error(`\`${value.key}\` is set as JSON; its description needs an example`);
      return { kind: 'text', id, valueName, maxLength: encoding.maxLength, required: true, defaultValue: JSON.stringify(setting) };
    case 'boolean':
      return undefined;
  }
}

/** The policy that enforces `value`, whose unenforced value is `setting`. */
export function admxPolicy(value: PolicyValue, setting: unknown, description: PolicyDescription): AdmxPolicy {
  const name = policyName(value.key);
  const element = elementFor(value, name, setting, description);
  return {
    name,
    key: value.key,
    group: value.key.split('.')[0] ?? value.key,
    registryKey: POLICY_KEY,
    ...(value.encoding.kind === 'boolean' ? { toggle: { valueName: value.valueName, enabled: 'true', disabled: 'false' } } : {}),
    ...(element === undefined ? {} : { element }),
    description,
    explain: explainText(value, description, setting),
  };
}

/** Tandem's policies: one per configuration key. */
export function tandemPolicies(): AdmxPolicy[] {
  const defaults = defaultConfig();
  return POLICY_VALUES.map((value) => admxPolicy(value, getKey(defaults, value.key), describe(value.key)));
}
