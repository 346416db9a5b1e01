import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '@tandem/shared';
import { CONFIG_KEYS, getKey } from '../../../src/core/config-keys.js';
import { applyPolicy } from '../../../src/core/policy.js';
import { decodePolicyData, encodePolicyData, MAX_POLICY_TEXT, POLICY_VALUES, policyEncoding, type PolicyValue } from '../../../src/platform/windows/policy-values.js';

function policyValue(key: string): PolicyValue {
  const value = POLICY_VALUES.find((candidate) => candidate.key === key);
  assert.ok(value !== undefined, `no policy value for ${key}`);
  return value;
}

test('one registry value per configuration key, named by the key', () => {
  assert.deepEqual(
    POLICY_VALUES.map((value) => value.key),
    [...CONFIG_KEYS],
  );
  for (const value of POLICY_VALUES) assert.equal(value.valueName, value.key);
});

test('each kind of setting gets the registry type that carries it', () => {
  assert.deepEqual(policyValue('agents.stopTimeoutMs').encoding, { kind: 'dword', min: 100, max: 120_000 });
  assert.deepEqual(policyValue('tray.supportText').encoding, { kind: 'text', maxLength: 500 });
  assert.deepEqual(policyValue('logging.level').encoding, { kind: 'choice', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] });
  assert.deepEqual(policyValue('agents.eligibility').encoding, { kind: 'json', maxLength: MAX_POLICY_TEXT });
  assert.deepEqual(policyEncoding({ kind: 'boolean' }), { kind: 'boolean' });
  assert.deepEqual(policyEncoding({ kind: 'integer', min: -1, max: 10 }), { kind: 'json', maxLength: MAX_POLICY_TEXT });
  assert.deepEqual(policyEncoding({ kind: 'integer', min: 0, max: 2 ** 32 }), { kind: 'json', maxLength: MAX_POLICY_TEXT });
  assert.deepEqual(policyEncoding({ kind: 'text', maxLength: null }), { kind: 'text', maxLength: MAX_POLICY_TEXT });
});

test('text and choice values are taken verbatim, even when they read as JSON', () => {
  assert.equal(decodePolicyData('tray.supportText', '42'), '42');
  assert.equal(decodePolicyData('tray.supportText', 'true'), 'true');
  assert.equal(decodePolicyData('tray.supportText', '"quoted"'), '"quoted"');
  assert.equal(decodePolicyData('logging.level', 'info'), 'info');
});

test('other values: a REG_DWORD is a number, a REG_SZ is JSON when it parses, else the plain string', () => {
  assert.equal(decodePolicyData('agents.stopTimeoutMs', 3000), 3000);
  assert.equal(decodePolicyData('agents.stopTimeoutMs', '3000'), 3000);
  assert.deepEqual(decodePolicyData('agents.eligibility', '{"mode":"none"}'), { mode: 'none' });
  assert.equal(decodePolicyData('agents.eligibility', 'none'), 'none');
  assert.equal(decodePolicyData('notifications.enabled', 'false'), false);
  assert.deepEqual(decodePolicyData('tray.links', ['a', 'b']), ['a', 'b']);
  // A number written for a text key stays a number, so the policy layer reports it as invalid.
  assert.equal(decodePolicyData('tray.supportText', 42), 42);
});

test('a support text of `42` set by policy is enforced as that text', () => {
  const effective = applyPolicy(defaultConfig(), { 'tray.supportText': decodePolicyData('tray.supportText', '42') });
  assert.deepEqual(effective.problems, []);
  assert.deepEqual(effective.enforced, ['tray.supportText']);
  assert.equal(effective.config.tray.supportText, '42');
});

test('every default survives encoding to registry data and reading it back', () => {
  const defaults = defaultConfig();
  for (const value of POLICY_VALUES) {
    const setting = getKey(defaults, value.key);
    assert.deepEqual(decodePolicyData(value.valueName, encodePolicyData(value, setting)), setting, value.key);
  }
  assert.equal(encodePolicyData({ key: 'x.on', valueName: 'x.on', encoding: { kind: 'boolean' } }, false), 'false');
});

test('encoding refuses a value its registry type cannot hold', () => {
  assert.throws(() => encodePolicyData(policyValue('agents.stopTimeoutMs'), '3000'), { message: 'agents.stopTimeoutMs: a dword policy value cannot hold "3000"' });
  assert.throws(() => encodePolicyData(policyValue('agents.stopTimeoutMs'), -1), /cannot hold -1/);
  assert.throws(() => encodePolicyData(policyValue('tray.supportText'), 42), /a text policy value cannot hold 42/);
  assert.throws(() => encodePolicyData(policyValue('agents.eligibility'), undefined), /a json policy value cannot hold undefined/);
});

test('the tray actions go through policy as one REG_SZ of JSON: ten full definitions fit, and read back as enforced', () => {
  const actions = Array.from({ length: 10 }, (_, i) => ({
    id: `action-${i}`,
    label: `Repair thing number ${i}`,
    description: 'Resets something a user cannot reset alone, with a sentence of explanation.',
    confirmation: 'This closes your open documents in the program. Go on?',
    program: `C:\\Program Files\\Contoso Endpoint Tools\\bin\\repair-${i}.exe`,
    args: ['/reset', '/quiet', '/log', 'C:\\ProgramData\\Contoso\\Logs\\repair.log'],
    runAs: i % 2 === 0 ? 'system' : 'user',
    timeLimitMs: 120_000,
    cooldownMs: 300_000,
  }));
  const data = encodePolicyData(policyValue('tray.actions'), actions);
  assert.equal(typeof data, 'string');
  assert.ok(String(data).length < MAX_POLICY_TEXT, `${String(data).length} characters`);
  const effective = applyPolicy(defaultConfig(), { 'tray.actions': decodePolicyData('tray.actions', data) });
  assert.deepEqual(effective.problems, []);
  assert.deepEqual(effective.enforced, ['tray.actions']);
  assert.deepEqual(effective.config.tray.actions, actions);
  const relative = applyPolicy(defaultConfig(), { 'tray.actions': decodePolicyData('tray.actions', JSON.stringify([{ ...actions[0], program: 'repair.exe' }])) });
  assert.deepEqual(relative.enforced, []);
  assert.match(relative.problems[0] ?? '', /^policy: tray\.actions ignored: tray\.actions\.0\.program: expected the absolute path of a program/);
});
