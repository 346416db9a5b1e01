/**
 * What a policy in a parsed ADMX writes to the registry, read from the XML itself (not from the
 * model it was rendered from), so the tests check what Group Policy would really write.
 */
import { childElements, type XmlTree } from './xml-reader.js';

/** One registry value as Group Policy writes it: REG_SZ as a string, REG_DWORD as a number. */
export interface RegistryWrite {
  readonly valueName: string;
  readonly data: string | number;
}

/** A value an element can hold, or a toggle writes, that the service must accept. */
export interface WriteSample extends RegistryWrite {
  readonly why: string;
}

function attribute(node: XmlTree, name: string): string {
  const value = node.attributes.get(name);
  if (value === undefined) throw new Error(`<${node.name}> has no ${name}`);
  return value;
}

/** The data of an `<enabledValue>`, `<disabledValue>` or `<value>`: `<string>` or `<decimal value>`. */
export function valueData(holder: XmlTree): string | number {
  const [value, ...more] = childElements(holder);
  if (value === undefined || more.length > 0) throw new Error(`<${holder.name}> must hold exactly one value`);
  if (value.name === 'string') return value.children.filter((child): child is string => typeof child === 'string').join('');
  if (value.name === 'decimal') return Number(attribute(value, 'value'));
  throw new Error(`<${holder.name}> holds <${value.name}>, which the policy source does not read`);
}

export function policyElements(policy: XmlTree): XmlTree[] {
  return childElements(policy, 'elements').flatMap((elements) => childElements(elements));
}

/** Every value name a policy writes: its own (Enabled/Disabled) and its elements'. */
export function valueNamesOf(policy: XmlTree): string[] {
  const own = policy.attributes.get('valueName');
  return [...(own === undefined ? [] : [own]), ...policyElements(policy).map((input) => attribute(input, 'valueName'))];
}

/** The registry key a policy or one of its elements writes under. */
export function registryKeysOf(policy: XmlTree): string[] {
  return [attribute(policy, 'key'), ...policyElements(policy).flatMap((input) => input.attributes.get('key') ?? [])];
}

/** What enabling or disabling the policy writes itself, and each enum item. */
export function fixedWrites(policy: XmlTree): WriteSample[] {
  const writes: WriteSample[] = [];
  const own = policy.attributes.get('valueName');
  for (const state of ['enabledValue', 'disabledValue']) {
    for (const holder of childElements(policy, state)) {
      if (own === undefined) throw new Error(`policy ${attribute(policy, 'name')} has an ${state} but no valueName`);
      writes.push({ valueName: own, data: valueData(holder), why: state });
    }
  }
  for (const input of policyElements(policy).filter((node) => node.name === 'enum')) {
    for (const item of childElements(input, 'item')) {
      for (const value of childElements(item, 'value')) writes.push({ valueName: attribute(input, 'valueName'), data: valueData(value), why: `enum item ${attribute(item, 'displayName')}` });
    }
  }
  return writes;
}

export interface DecimalRange {
  readonly valueName: string;
  readonly min: number;
  readonly max: number;
}

/** A decimal element's range; Group Policy writes it as REG_DWORD unless storeAsText says otherwise. */
export function decimalRange(input: XmlTree): DecimalRange {
  if (input.attributes.get('storeAsText') === 'true') throw new Error(`decimal ${attribute(input, 'id')} is stored as text; the policy source expects a REG_DWORD`);
  return { valueName: attribute(input, 'valueName'), min: Number(attribute(input, 'minValue')), max: Number(attribute(input, 'maxValue')) };
}

export function textMaxLength(input: XmlTree): number {
  // The ADMX default, when the attribute is left out.
  return Number(input.attributes.get('maxLength') ?? 1023);
}
