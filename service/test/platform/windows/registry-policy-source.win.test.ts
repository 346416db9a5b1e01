import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RegistryPolicySource } from '../../../src/platform/windows/registry-policy-source.js';
import { createMachineKey, deleteMachineTree, setValue } from '../../../src/platform/windows/win32/registry.js';

const KEY = `SOFTWARE\\Policies\\TandemTest${process.pid}`;

test('no policy key means no policy and no problem', async () => {
  assert.deepEqual(await new RegistryPolicySource(KEY).read(), { values: {}, problems: [] });
});

test('policy values: DWORDs as numbers, strings as JSON when they are JSON, else as text', async () => {
  const key = createMachineKey(KEY);
  try {
    setValue(key, 'agents.stopTimeoutMs', 3000);
    setValue(key, 'agents.eligibility', '{"mode":"none"}');
    setValue(key, 'tray.supportText', 'Call 555-0100');
    setValue(key, 'notifications.enabled', 'false');
  } finally {
    key.close();
  }
  try {
    assert.deepEqual(await new RegistryPolicySource(KEY).read(), {
      values: {
        'agents.stopTimeoutMs': 3000,
        'agents.eligibility': { mode: 'none' },
        'tray.supportText': 'Call 555-0100',
        'notifications.enabled': false,
      },
      problems: [],
    });
  } finally {
    deleteMachineTree(KEY);
  }
  assert.deepEqual((await new RegistryPolicySource(KEY).read()).values, {});
});

test('one value too large to read is left out and reported; the other values still apply (I4)', async () => {
  const key = createMachineKey(KEY);
  try {
    setValue(key, 'agents.stopTimeoutMs', 3000);
    // 40,000 UTF-16 characters: 80,002 bytes with the terminator, above the 64 KiB read per value.
    setValue(key, 'tray.supportText', 'x'.repeat(40_000));
    setValue(key, 'notifications.enabled', 'false');
  } finally {
    key.close();
  }
  try {
    assert.deepEqual(await new RegistryPolicySource(KEY).read(), {
      values: { 'agents.stopTimeoutMs': 3000, 'notifications.enabled': false },
      problems: [`HKLM\\${KEY}\\tray.supportText is larger than 65536 bytes (80002); ignored`],
    });
  } finally {
    deleteMachineTree(KEY);
  }
});
