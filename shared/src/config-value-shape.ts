/**
 * What kind of value a configuration key holds, read from the schema. Code that carries a value
 * through a medium with fewer types than JSON (the registry, a Group Policy template) needs it:
 * text must stay text even when it reads as JSON, and a number's bounds must be offered as-is.
 */
import { z } from 'zod';
import { ConfigSchema } from './config-schema.js';

export type ValueShape =
  /** A whole number within [min, max] (the schema's own bounds). */
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  /** Any text, up to `maxLength` characters when the schema caps it. */
  | { readonly kind: 'text'; readonly maxLength: number | null }
  /** One of a fixed set of words. */
  | { readonly kind: 'choice'; readonly choices: readonly string[] }
  | { readonly kind: 'boolean' }
  /** Objects, arrays, nullable values, unions: only JSON can carry them. */
  | { readonly kind: 'json' };

/** The shape of the value at dotted `key` in `schema`, or undefined when there is no such key. */
export function valueShape(key: string, schema: z.ZodType = ConfigSchema): ValueShape | undefined {
  let node = withoutDefault(schema);
  for (const part of key.split('.')) {
    if (!(node instanceof z.ZodObject)) return undefined;
    const child: unknown = node.shape[part];
    if (!(child instanceof z.ZodType)) return undefined;
    node = withoutDefault(child);
  }
  return shapeOf(node);
}

/** A default or optional wrapper says what happens when the value is absent, not what it is. */
function withoutDefault(schema: z.ZodType): z.ZodType {
  let node = schema;
  while (node instanceof z.ZodDefault || node instanceof z.ZodOptional) {
    const inner: unknown = node.unwrap();
    if (!(inner instanceof z.ZodType)) break;
    node = inner;
  }
  return node;
}

function shapeOf(schema: z.ZodType): ValueShape {
  if (schema instanceof z.ZodBoolean) return { kind: 'boolean' };
  if (schema instanceof z.ZodString) return { kind: 'text', maxLength: schema.maxLength };
  if (schema instanceof z.ZodEnum) {
    const choices = schema.options;
    if (choices.every((choice): choice is string => typeof choice === 'string')) return { kind: 'choice', choices };
  }
  if (schema instanceof z.ZodNumber && schema.isInt && schema.minValue !== null && schema.maxValue !== null) {
    return { kind: 'integer', min: schema.minValue, max: schema.maxValue };
  }
  return { kind: 'json' };
}
