import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CONFIG_KEYS, getKey } from '@tandem/service/core/config-keys';
import { applyPolicy } from '@tandem/service/core/policy';
import { decodePolicyData, MAX_POLICY_TEXT, POLICY_KEY } from '@tandem/service/platform/windows/policy-values';
import { defaultConfig } from '@tandem/shared';
import { describe as describeKey } from '../src/policy-model.js';
import { POLICY_TEMPLATE_FILES, renderPolicyTemplates } from '../src/policy-templates.js';
import { decimalRange, fixedWrites, policyElements, registryKeysOf, textMaxLength, valueNamesOf, type RegistryWrite } from './admx-writes.js';
import { allElements, childElements, parseXml, textOf, type XmlTree } from './xml-reader.js';

// Compiled to installer/dist/test.
const installerRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const templates = renderPolicyTemplates();
const admx = parseXml(templates.admx);
const adml = parseXml(templates.adml);
const policies = childElements(admx, 'policies').flatMap((list) => childElements(list, 'policy'));

function nameOf(node: XmlTree): string {
  return node.attributes.get('name') ?? node.attributes.get('id') ?? `<${node.name}>`;
}

/** The registry data, read the way RegistryPolicySource reads it, applied as machine policy. */
function enforce(write: RegistryWrite): { enforced: string[]; problems: string[]; decoded: unknown; effective: unknown } {
  const decoded = decodePolicyData(write.valueName, write.data);
  const result = applyPolicy(defaultConfig(), { [write.valueName]: decoded });
  return { enforced: result.enforced, problems: result.problems, decoded, effective: getKey(result.config, write.valueName) };
}

function assertAccepted(write: RegistryWrite, why: string): void {
  const result = enforce(write);
  const what = `${write.valueName} = ${JSON.stringify(write.data)} (${why})`;
  assert.deepEqual(result.problems, [], `${what} is refused by the service`);
  assert.deepEqual(result.enforced, [write.valueName], `${what} is not enforced`);
  assert.deepEqual(result.effective, result.decoded, `${what} is enforced as another value`);
}

function assertRejected(write: RegistryWrite, why: string): void {
  assert.deepEqual(enforce(write).enforced, [], `${write.valueName} = ${JSON.stringify(write.data)} (${why}) is accepted by the service, so the template's bound is not the schema's`);
}

function firstDifference(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((text, index) => text !== right[index]);
  return (line < 0 ? left.length : line) + 1;
}

describe('policy templates', () => {
  for (const kind of ['admx', 'adml'] as const) {
    it(`installer/${POLICY_TEMPLATE_FILES[kind]} is what the generator renders from the schema`, () => {
      let committed = '';
      try {
        // A Windows checkout may turn LF into CRLF; that is not drift.
        committed = readFileSync(path.join(installerRoot, POLICY_TEMPLATE_FILES[kind]), 'utf8').replaceAll('\r\n', '\n');
      } catch {
        assert.fail(`installer/${POLICY_TEMPLATE_FILES[kind]} is missing: run \`npm run generate:policy\` and commit it`);
      }
      if (committed !== templates[kind]) {
        assert.fail(
          `installer/${POLICY_TEMPLATE_FILES[kind]} is out of date (first difference at line ${firstDifference(committed, templates[kind])}): run \`npm run generate:policy\` and commit the result`,
        );
      }
    });
  }

  it('every configuration key has exactly one policy, and every policy writes one configuration key', () => {
    const written = policies.map((policy) => {
      const names = valueNamesOf(policy);
      assert.equal(names.length, 1, `policy ${nameOf(policy)} writes ${names.length} values: ${names.join(', ')}`);
      const [name = ''] = names;
      assert.ok(CONFIG_KEYS.has(name), `policy ${nameOf(policy)} writes \`${name}\`, which is not a configuration key`);
      return name;
    });
    assert.deepEqual([...written].sort(), [...CONFIG_KEYS].sort());
  });

  it('every policy is a machine policy under the key the service reads', () => {
    for (const policy of policies) {
      assert.equal(policy.attributes.get('class'), 'Machine', nameOf(policy));
      for (const key of registryKeysOf(policy)) assert.equal(key, POLICY_KEY, nameOf(policy));
    }
  });

  it("what enabling, disabling or an enum item writes is read and enforced by the service", () => {
    const writes = policies.flatMap(fixedWrites);
    assert.ok(writes.some((write) => write.why.startsWith('enum item')), 'no enum item was checked');
    for (const write of writes) assertAccepted(write, write.why);
  });

  it("each decimal's range is exactly the schema's: both ends accepted, one beyond refused", () => {
    const decimals = policies.flatMap(policyElements).filter((input) => input.name === 'decimal');
    assert.ok(decimals.length > 0);
    for (const input of decimals) {
      const { valueName, min, max } = decimalRange(input);
      assert.ok(Number.isInteger(min) && Number.isInteger(max) && min <= max, `${valueName}: range ${min}..${max}`);
      for (const data of [min, max, Math.floor((min + max) / 2)]) assertAccepted({ valueName, data }, 'inside the range');
      // A REG_DWORD cannot go below 0 or above 2^32 - 1, so there is nothing to refuse there.
      if (min > 0) assertRejected({ valueName, data: min - 1 }, 'below the range');
      if (max < 0xffff_ffff) assertRejected({ valueName, data: max + 1 }, 'above the range');
    }
  });

  it('each text box accepts its default and documented values, verbatim or as JSON, up to its maximum length', () => {
    const texts = policies.flatMap(policyElements).filter((input) => input.name === 'text');
    assert.ok(texts.length > 0);
    for (const input of texts) {
      const valueName = input.attributes.get('valueName') ?? '';
      const example = describeKey(valueName).example;
      const samples = example === undefined ? ['Call the help desk at 555-0100', '42', 'true', '{"a":1}', ''] : [JSON.stringify(example)];
      const box = [...allElements(adml)].find((node) => node.name === 'textBox' && node.attributes.get('refId') === input.attributes.get('id'));
      const defaultValue = box === undefined ? [] : childElements(box, 'defaultValue').map(textOf);
      for (const data of [...samples, ...defaultValue]) assertAccepted({ valueName, data }, 'a documented value');
      if (example === undefined) {
        const maxLength = textMaxLength(input);
        assertAccepted({ valueName, data: 'x'.repeat(maxLength) }, 'the maximum length');
        // MAX_POLICY_TEXT is the registry's cap, not the schema's: the schema may allow more.
        if (maxLength < MAX_POLICY_TEXT) assertRejected({ valueName, data: 'x'.repeat(maxLength + 1) }, 'beyond the maximum length');
      }
    }
  });

  it('both templates are well-formed XML in the Group Policy namespace', () => {
    assert.equal(admx.name, 'policyDefinitions');
    assert.equal(adml.name, 'policyDefinitionResources');
    for (const root of [admx, adml]) assert.equal(root.attributes.get('xmlns'), 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions');
    // Parsed again here so a malformed template fails this test by name.
    assert.doesNotThrow(() => parseXml(templates.admx));
    assert.doesNotThrow(() => parseXml(templates.adml));
  });

  it('every $(string.…) and $(presentation.…) in the ADMX is defined in the ADML, and nothing there is unused', () => {
    const strings = new Set([...allElements(adml)].filter((node) => node.name === 'string').map((node) => node.attributes.get('id')));
    const presentations = new Set([...allElements(adml)].filter((node) => node.name === 'presentation').map((node) => node.attributes.get('id')));
    const used = { string: new Set<string>(), presentation: new Set<string>() };
    for (const node of allElements(admx)) {
      for (const [attribute, value] of node.attributes) {
        const reference = /^\$\((string|presentation)\.(.+)\)$/.exec(value);
        if (reference === null) {
          assert.doesNotMatch(value, /\$\(/, `<${node.name} ${attribute}> holds a malformed reference`);
          continue;
        }
        const [, table = '', id = ''] = reference;
        const defined = table === 'string' ? strings : presentations;
        assert.ok(defined.has(id), `<${node.name} ${attribute}="${value}"> is not defined in the ADML`);
        (table === 'string' ? used.string : used.presentation).add(id);
      }
    }
    assert.deepEqual([...presentations].filter((id) => id === undefined || !used.presentation.has(id)), [], 'presentations no policy uses');
    assert.deepEqual([...strings].filter((id) => id === undefined || !used.string.has(id)), [], 'strings nothing uses');
  });

  it("each policy's presentation shows exactly its elements, by id", () => {
    const presentations = new Map([...allElements(adml)].filter((node) => node.name === 'presentation').map((node) => [node.attributes.get('id'), node]));
    for (const policy of policies) {
      const ids = policyElements(policy).map((input) => input.attributes.get('id'));
      const reference = policy.attributes.get('presentation');
      if (ids.length === 0) {
        assert.equal(reference, undefined, `${nameOf(policy)} has no elements but a presentation`);
        continue;
      }
      const presentation = presentations.get(/^\$\(presentation\.(.+)\)$/.exec(reference ?? '')?.[1]);
      assert.ok(presentation !== undefined, `${nameOf(policy)} has elements but no presentation`);
      const refIds = childElements(presentation).flatMap((control) => control.attributes.get('refId') ?? []);
      assert.deepEqual(refIds.sort(), [...ids].sort(), nameOf(policy));
    }
  });

  it('categories and support definitions that policies refer to are declared', () => {
    const categories = new Set([...allElements(admx)].filter((node) => node.name === 'category').map((node) => node.attributes.get('name')));
    const definitions = new Set([...allElements(admx)].filter((node) => node.name === 'definition').map((node) => node.attributes.get('name')));
    for (const node of allElements(admx)) {
      if (node.name === 'parentCategory') assert.ok(categories.has(node.attributes.get('ref')), `parentCategory ${node.attributes.get('ref')}`);
      if (node.name === 'supportedOn' && node.attributes.has('ref')) assert.ok(definitions.has(node.attributes.get('ref')), `supportedOn ${node.attributes.get('ref')}`);
    }
  });
});
