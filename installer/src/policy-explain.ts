/**
 * A policy's help text: what the setting does, what to enter and within which range, what
 * applies when the policy is off, that an applied policy is enforced, when the service picks a
 * change up, and the registry value, for whoever deploys it through Intune or a script instead.
 */
import type { PolicyValue } from '@tandem/service/platform/windows/policy-values';
import { POLICY_KEY } from '@tandem/service/platform/windows/policy-values';
import { PRODUCT } from './product.js';
import type { PolicyDescription } from './policy-descriptions.js';

function shown(value: PolicyValue, setting: unknown, unit: string | undefined): string {
  if (value.encoding.kind === 'text') return setting === '' ? 'empty' : `"${String(setting)}"`;
  if (value.encoding.kind === 'json') return JSON.stringify(setting);
  return unit === undefined ? String(setting) : `${String(setting)} ${unit}`;
}

function whatToEnter(value: PolicyValue, description: PolicyDescription): string {
  const { encoding } = value;
  switch (encoding.kind) {
    case 'dword':
      return `If you enable this policy, enter a whole number from ${encoding.min} to ${encoding.max}${description.unit === undefined ? '' : ` (${description.unit})`}.`;
    case 'text':
      return `If you enable this policy, enter up to ${encoding.maxLength} characters; the text is used exactly as typed.`;
    case 'choice':
      return `If you enable this policy, choose one of: ${encoding.choices.join(', ')}.`;
    case 'json':
      return `If you enable this policy, enter the value as JSON on one line, for example:\n${JSON.stringify(description.example)}`;
    case 'boolean':
      return 'If you enable this policy, the setting is on. If you disable it, the setting is off.';
  }
}

export function explainText(value: PolicyValue, description: PolicyDescription, setting: unknown): string {
  const { key } = value;
  const toggle = value.encoding.kind === 'boolean';
  const fallback = `the value set with "tandemctl config set ${key}" applies, or else the default: ${shown(value, setting, description.unit)}.`;
  return [
    description.description,
    whatToEnter(value, description),
    toggle ? `If you do not configure this policy, ${fallback}` : `If you disable or do not configure this policy, ${fallback}`,
    `While this policy ${toggle ? 'is enabled or disabled' : 'is enabled'}, the setting is enforced: "tandemctl config set ${key}" is refused, even for administrators, and "tandemctl status" lists ${key} as enforced. A value the service cannot accept is ignored and reported as a problem in "tandemctl status".`,
    `The ${PRODUCT.serviceName} service reads policy when it starts and when told to reload: after a Group Policy refresh, run "sc.exe control ${PRODUCT.serviceName} paramchange" or restart the service.`,
    `Registry: HKLM\\${POLICY_KEY}, value "${value.valueName}" (${value.encoding.kind === 'dword' ? 'REG_DWORD' : 'REG_SZ'}${toggle ? ' "true" or "false"' : ''}).`,
  ].join('\n\n');
}
