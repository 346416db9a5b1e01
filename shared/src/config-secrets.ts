/**
 * Secret configuration values: a key is secret when its schema is marked with `secret()` where
 * the configuration schema declares it, so a product adding a password or a token to the schema
 * marks it in the same line and every place that shows configuration to someone other than an
 * elevated administrator (a user's diagnostics archive, the Event Log) leaves its value out.
 */
import { z } from 'zod';

const secrets = z.registry<{ readonly secret: true }>();

/** Marks a configuration value as secret. Returns the same schema, so it wraps a declaration in place. */
export function secret<T extends z.ZodType>(schema: T): T {
  secrets.add(schema, { secret: true });
  return schema;
}

export const REDACTED = '[redacted]';

/**
 * The dotted keys of `schema` whose values are secret. Objects are walked through defaults,
 * optionals and nullables; a mark on any of those wrappers or on the value inside counts.
 */
export function secretKeys(schema: z.ZodType): string[] {
  return walk(schema, '');
}

function walk(schema: z.ZodType, prefix: string): string[] {
  let node: z.ZodType = schema;
  for (;;) {
    if (secrets.has(node)) return prefix === '' ? [] : [prefix];
    if (node instanceof z.ZodDefault || node instanceof z.ZodOptional || node instanceof z.ZodNullable) node = node.unwrap() as z.ZodType;
    else break;
  }
  if (!(node instanceof z.ZodObject)) return [];
  return Object.entries(node.shape as Record<string, z.ZodType>).flatMap(([key, child]) => walk(child, prefix === '' ? key : `${prefix}.${key}`));
}

/** A deep copy of `config` with the value of every key in `keys` that is present replaced by REDACTED. */
export function redactSecrets<T>(config: T, keys: readonly string[]): T {
  const copy = structuredClone(config);
  for (const key of keys) {
    const parts = key.split('.');
    let node: unknown = copy;
    for (const part of parts.slice(0, -1)) node = isRecord(node) && Object.hasOwn(node, part) ? node[part] : undefined;
    const last = parts.at(-1);
    if (isRecord(node) && last !== undefined && Object.hasOwn(node, last) && node[last] !== null && node[last] !== undefined) node[last] = REDACTED;
  }
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
