import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertSameDescriptor, parseDescriptor } from './sddl-compare.js';

test('a DACL read back with the auto-inherited flag Windows adds equals the one written', () => {
  assertSameDescriptor('D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)', 'D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)');
  assertSameDescriptor('D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)', 'D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)');
  assertSameDescriptor('O:BAD:PAI(A;;FA;;;SY)', 'O:BAD:P(A;;FA;;;SY)');
});

test('a different protection, entry, order or owner is a difference', () => {
  const written = 'D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)';
  for (const readBack of [
    'D:AI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)',
    'D:(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)',
    'D:P(A;OICI;FA;;;SY)',
    'D:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)',
    'D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;FR;;;WD)',
    'D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BU)',
    'O:SYD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)',
  ]) {
    assert.throws(() => assertSameDescriptor(readBack, written), assert.AssertionError, readBack);
  }
});

test('parses owner, group, flags and entries; refuses what is not SDDL of a DACL', () => {
  assert.deepEqual(parseDescriptor('O:BAG:SYD:PAIAR(D;;FA;;;NU)(A;;0x12019b;;;BA)'), {
    owner: 'BA',
    group: 'SY',
    flags: ['AR', 'P'],
    aces: ['(D;;FA;;;NU)', '(A;;0x12019b;;;BA)'],
  });
  assert.deepEqual(parseDescriptor('O:S-1-5-21-1-2-3-1001D:(A;;FA;;;WD)').owner, 'S-1-5-21-1-2-3-1001');
  for (const text of ['', 'P(A;;FA;;;SY)', 'D:P(A;;FA;;;SY', 'D:P(A;;FA;;;SY)S:(AU;;FA;;;WD)', 'D:Q(A;;FA;;;SY)']) {
    assert.throws(() => parseDescriptor(text), { name: 'TypeError', message: `Expected SDDL like D:P(A;;FA;;;SY), got \`${text}\`` });
  }
});
