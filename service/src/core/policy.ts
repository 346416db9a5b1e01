/**
 * Machine policy over configuration: an administrator's enforced values win over the stored
 * configuration, and status lists which keys are enforced so nobody wonders why a set did not
 * take. A policy value that is invalid is reported and ignored, never half-applied.
 */
import { ConfigSchema, formatIssues, type Config } from '@tandem/shared';
import { checkKey, withKey } from './config-keys.js';

export interface EffectiveConfig {
  readonly config: Config;
  readonly enforced: string[];
  readonly problems: string[];
}

export function applyPolicy(base: Config, policy: Record<string, unknown>): EffectiveConfig {
  let config: Config = base;
  const enforced: string[] = [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(policy).sort(([a], [b]) => a.localeCompare(b))) {
    try {
      checkKey(key);
    } catch (error) {
      problems.push(`policy: ${(error as Error).message}`);
      continue;
    }
    const parsed = ConfigSchema.safeParse(withKey(config, key, value));
    if (!parsed.success) {
      problems.push(`policy: ${key} ignored: ${formatIssues(parsed.error)}`);
      continue;
    }
    config = parsed.data;
    enforced.push(key);
  }
  return { config, enforced, problems };
}

/** True when `key`, or a group containing it, or a key inside it, is enforced. */
export function isEnforced(enforced: readonly string[], key: string): string | undefined {
  return enforced.find((e) => e === key || e.startsWith(`${key}.`) || key.startsWith(`${e}.`));
}
