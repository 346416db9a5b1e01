import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIG_KEYS } from '@tandem/service/core/config-keys';
import { decodePolicyData, POLICY_KEY, type PolicyValue } from '@tandem/service/platform/windows/policy-values';
import { POLICY_DESCRIPTIONS } from '../src/policy-descriptions.js';
import { admxPolicy, describe as describeKey, policyName, tandemPolicies } from '../src/policy-model.js';
import { renderAdml, renderAdmx } from '../src/policy-templates.js';
import { fixedWrites } from './admx-writes.js';
import { allElements, parseXml } from './xml-reader.js';

const toggle: PolicyValue = { key: 'feature.enabled', valueName: 'feature.enabled', encoding: { kind: 'boolean' } };
const toggleText = { title: 'Feature', description: 'Turns the feature on.', label: 'Feature:' };

describe('policy model', () => {
  it('names policies after their key, without dots', () => {
    assert.equal(policyName('agents.stopTimeoutMs'), 'Agents_StopTimeoutMs');
    assert.throws(() => policyName('a.b-c'), /does not make a valid policy name \(`A_B-c`\)/);
  });

  it('has one policy per configuration key, each described', () => {
    assert.deepEqual(
      tandemPolicies().map((policy) => policy.key),
      [...CONFIG_KEYS],
    );
    assert.deepEqual(Object.keys(POLICY_DESCRIPTIONS).sort(), [...CONFIG_KEYS].sort(), 'descriptions of keys that do not exist');
  });

  it('stops on a key without a description, or a JSON setting without an example', () => {
    assert.throws(() => describeKey('tray.nope'), { message: 'no description for configuration key `tray.nope`: add one to installer/src/policy-descriptions.ts' });
    const json: PolicyValue = { key: 'tray.links', valueName: 'tray.links', encoding: { kind: 'json', maxLength: 100 } };
    assert.throws(() => admxPolicy(json, [], toggleText), /`tray.links` is set as JSON; its description needs an example/);
  });

  it('a boolean setting is a policy that writes REG_SZ "true" when enabled and "false" when disabled, read as booleans', () => {
    const policy = admxPolicy(toggle, false, toggleText);
    const xml = [...allElements(parseXml(renderAdmx([policy])))].find((node) => node.name === 'policy');
    assert.ok(xml !== undefined);
    assert.equal(xml.attributes.get('valueName'), 'feature.enabled');
    assert.equal(xml.attributes.get('key'), POLICY_KEY);
    assert.equal(xml.attributes.get('presentation'), undefined);
    const writes = fixedWrites(xml).map((write) => [write.why, write.data, decodePolicyData(write.valueName, write.data)]);
    assert.deepEqual(writes, [
      ['enabledValue', 'true', true],
      ['disabledValue', 'false', false],
    ]);
    assert.match(policy.explain, /If you enable this policy, the setting is on\. If you disable it, the setting is off\./);
    assert.match(policy.explain, /If you do not configure this policy, the value set with "tandemctl config set feature.enabled" applies, or else the default: false\./);
    assert.match(policy.explain, /REG_SZ "true" or "false"/);
    // (In a group that has a title: `feature` has none.)
    assert.doesNotMatch(renderAdml([{ ...policy, group: 'agents' }]), /<presentation /);
  });

  it("help texts state the range, the default, enforcement and the registry value", () => {
    const stop = tandemPolicies().find((policy) => policy.key === 'agents.stopTimeoutMs');
    assert.ok(stop !== undefined);
    assert.match(stop.explain, /enter a whole number from 100 to 120000 \(milliseconds\)/);
    assert.match(stop.explain, /or else the default: 5000 milliseconds\./);
    assert.match(stop.explain, /"tandemctl config set agents\.stopTimeoutMs" is refused, even for administrators/);
    assert.match(stop.explain, /sc\.exe control Tandem paramchange/);
    assert.match(stop.explain, /Registry: HKLM\\SOFTWARE\\Policies\\Tandem, value "agents\.stopTimeoutMs" \(REG_DWORD\)\./);
  });
});
