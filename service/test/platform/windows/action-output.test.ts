/** What a tray action wrote: counted in full, kept up to a bound (action-output.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedOutput, completeUtf8Length } from '../../../src/platform/windows/action-output.js';

test('keeps the first bytes up to the limit and counts every byte', () => {
  const output = new BoundedOutput(10);
  output.add(Buffer.from('hello '));
  output.add(Buffer.from('world, and more'));
  output.add(Buffer.from('dropped'));
  assert.equal(output.text(), 'hello worl');
  assert.equal(output.bytes, 28);
});

test('under the limit, everything is kept as written', () => {
  const output = new BoundedOutput(1024);
  output.add(Buffer.from('exit 3\r\n'));
  assert.equal(output.text(), 'exit 3\r\n');
  assert.equal(output.bytes, 8);
});

test('a limit of zero keeps nothing and still counts', () => {
  const output = new BoundedOutput(0);
  output.add(Buffer.alloc(4096));
  assert.equal(output.text(), '');
  assert.equal(output.bytes, 4096);
});

test('a character the limit cuts in two is left out, not shown as a replacement character', () => {
  const output = new BoundedOutput(4);
  output.add(Buffer.from('ab€cd')); // € is three bytes: the limit falls after its first two
  assert.equal(output.text(), 'ab');
  assert.equal(output.bytes, 7);
});

test('kept bytes do not share the reader’s buffer', () => {
  const output = new BoundedOutput(4);
  const chunk = Buffer.from('abcd');
  output.add(chunk);
  chunk.fill('z');
  assert.equal(output.text(), 'abcd');
});

test('completeUtf8Length ends on a character boundary', () => {
  const euro = Buffer.from('€'); // e2 82 ac
  const smile = Buffer.from('😀'); // f0 9f 98 80
  assert.equal(completeUtf8Length(Buffer.from('abc')), 3);
  assert.equal(completeUtf8Length(Buffer.concat([Buffer.from('a'), euro])), 4);
  assert.equal(completeUtf8Length(Buffer.concat([Buffer.from('a'), euro.subarray(0, 2)])), 1);
  assert.equal(completeUtf8Length(Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)])), 1);
  assert.equal(completeUtf8Length(smile), 4);
  assert.equal(completeUtf8Length(smile.subarray(0, 3)), 0);
  assert.equal(completeUtf8Length(Buffer.alloc(0)), 0);
});
