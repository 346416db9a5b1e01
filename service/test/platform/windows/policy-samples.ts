/**
 * One setting for each kind of registry value machine policy uses (REG_DWORD, verbatim text, a
 * choice, JSON, and boolean once a boolean setting exists), as the Group Policy templates would
 * write it: the value name and data come from policy-values.ts, which the templates are rendered
 * from, so the Windows tests write exactly what an administrator's policy would.
 */
import { defaultConfig } from '@tandem/shared';
import { getKey } from '../../../src/core/config-keys.js';
import { encodePolicyData, POLICY_VALUES, type PolicyEncoding, type PolicyValue } from '../../../src/platform/windows/policy-values.js';

export interface PolicySample {
  readonly value: PolicyValue;
  /** The configuration value the policy should enforce. */
  readonly setting: unknown;
  /** The registry data that enforces it: a number is a REG_DWORD, a string a REG_SZ. */
  readonly data: string | number;
}

/** A JSON setting that is an object, and harmless to enforce while an agent runs. */
const JSON_OBJECT = { key: 'tray.quietHours', setting: { start: '22:00', end: '07:00' } };

function settingFor(value: PolicyValue, current: unknown): unknown {
  const { encoding } = value;
  switch (encoding.kind) {
    case 'dword':
      return current === encoding.max ? encoding.min : encoding.max;
    case 'text':
      // Text that reads as JSON: a template's text box writes it verbatim, and so it must stay.
      return '42';
    case 'choice':
      return encoding.choices.findLast((choice) => choice !== current);
    case 'boolean':
      return current !== true;
    case 'json':
      return value.key === JSON_OBJECT.key ? JSON_OBJECT.setting : undefined;
  }
}

/** The first setting of each registry kind, set to something other than its default. */
export function policySamples(): PolicySample[] {
  const defaults = defaultConfig();
  const samples = new Map<PolicyEncoding['kind'], PolicySample>();
  for (const value of POLICY_VALUES) {
    if (samples.has(value.encoding.kind)) continue;
    const setting = settingFor(value, getKey(defaults, value.key));
    if (setting !== undefined) samples.set(value.encoding.kind, { value, setting, data: encodePolicyData(value, setting) });
  }
  for (const { encoding } of POLICY_VALUES) {
    if (!samples.has(encoding.kind)) throw new Error(`no sample for a ${encoding.kind} policy value: add one to settingFor in policy-samples.ts`);
  }
  return [...samples.values()];
}
