import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildEnvironmentBlock, compareEnvironmentNames } from '../../../src/platform/windows/environment-block.js';

const sorted = (names: string[]): string[] => [...names].sort(compareEnvironmentNames);

test('`_` sorts after the letters, as Windows compares upper-cased code units (localeCompare puts it first)', () => {
  assert.deepEqual(sorted(['A_B', 'AB', 'AA']), ['AA', 'AB', 'A_B']);
  assert.deepEqual(sorted(['_TANDEM', 'Path', 'TEMP', 'windir']), ['Path', 'TEMP', 'windir', '_TANDEM']);
  // What the block was sorted by before: the opposite for `_`.
  assert.deepEqual(['A_B', 'AB'].sort((a, b) => a.toUpperCase().localeCompare(b.toUpperCase())), ['A_B', 'AB']);
});

test('case is ignored by folding to upper case: lower-case letters sort before `_` too, never after `Z`', () => {
  assert.deepEqual(sorted(['zeta', 'Z_', 'b', 'A']), ['A', 'b', 'zeta', 'Z_']);
  assert.equal(compareEnvironmentNames('Path', 'PATH'), 0);
  assert.ok(compareEnvironmentNames('path', 'PATHEXT') < 0, 'a prefix first');
});

test('per-drive directories (=C:) come first; beyond ASCII, code units in Unicode order after folding', () => {
  assert.deepEqual(sorted(['APPDATA', '=C:', '=::']), ['=::', '=C:', 'APPDATA']);
  // é folds to É (0xC9), after Z; ß has no one-unit upper case and stays 0xDF, after É.
  assert.deepEqual(sorted(['ß', 'é', 'Z']), ['Z', 'é', 'ß']);
  assert.equal(compareEnvironmentNames('é', 'É'), 0);
});

test('the block is UTF-16LE NAME=value entries in that order, ending in an empty one', () => {
  const block = buildEnvironmentBlock(new Map([['TANDEM_SESSION', '2'], ['TANDEMCTL', 'x'], ['Path', 'C:\\Windows']]));
  assert.equal(block.toString('utf16le'), 'Path=C:\\Windows\0TANDEMCTL=x\0TANDEM_SESSION=2\0\0');
});
