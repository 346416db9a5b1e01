/**
 * Dotted configuration keys (`agents.stopTimeoutMs`): the set of valid keys is derived from the
 * defaults, so the schema stays the only place a key is declared.
 */
import { defaultConfig, TandemError } from '@tandem/shared';

type Json = unknown;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every settable key: the leaves of the default configuration (arrays and null are leaves). */
export const CONFIG_KEYS: ReadonlySet<string> = new Set(leafKeys(defaultConfig(), ''));

function leafKeys(value: unknown, prefix: string): string[] {
  if (!isPlainObject(value) || (prefix !== '' && isLeafObject(prefix))) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafKeys(child, prefix === '' ? key : `${prefix}.${key}`));
}

/** Objects set as one value rather than key by key (a discriminated union must change as a whole). */
function isLeafObject(key: string): boolean {
  return key === 'agents.eligibility' || key === 'tray.quietHours';
}

/** Throws E_INVALID_PARAMS unless `key` names a setting or a group of settings. */
export function checkKey(key: string): void {
  if (CONFIG_KEYS.has(key)) return;
  for (const known of CONFIG_KEYS) if (known.startsWith(`${key}.`)) return;
  throw new TandemError('E_INVALID_PARAMS', `unknown configuration key \`${key}\`; keys are: ${[...CONFIG_KEYS].join(', ')}`);
}

export function getKey(config: Json, key: string): unknown {
  let node: unknown = config;
  for (const part of key.split('.')) {
    if (!isPlainObject(node) || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

/** Returns a deep copy of `config` with `key` set to `value`. */
export function withKey(config: Json, key: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(isPlainObject(config) ? config : {});
  const parts = key.split('.');
  let node: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) {
    const child = node[part];
    node = node[part] = isPlainObject(child) ? child : {};
  }
  const last = parts.at(-1);
  if (last !== undefined) node[last] = structuredClone(value);
  return copy;
}

/** Keys whose values differ between two configurations, for change events and the audit log. */
export function changedKeys(before: Json, after: Json): string[] {
  return [...CONFIG_KEYS].filter((key) => JSON.stringify(getKey(before, key)) !== JSON.stringify(getKey(after, key)));
}
