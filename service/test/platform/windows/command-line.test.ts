import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeCommandLine, quoteArgument } from '../../../src/platform/windows/command-line.js';

test('arguments are quoted only when Windows would split or unescape them', () => {
  assert.equal(quoteArgument('run'), 'run');
  assert.equal(quoteArgument('C:\\dir\\file.js'), 'C:\\dir\\file.js');
  assert.equal(quoteArgument(''), '""');
  assert.equal(quoteArgument('two words'), '"two words"');
  assert.equal(quoteArgument('say "hi"'), '"say \\"hi\\""');
  assert.equal(quoteArgument('C:\\Program Files\\'), '"C:\\Program Files\\\\"');
  assert.equal(quoteArgument('a\\\\"b'), '"a\\\\\\\\\\"b"');
});

test('the executable is always quoted, so C:\\Program Files\\… cannot run C:\\Program.exe', () => {
  assert.equal(composeCommandLine('C:\\Program Files\\Tandem\\node.exe', ['C:\\Program Files\\Tandem\\service.js', 'run']), '"C:\\Program Files\\Tandem\\node.exe" "C:\\Program Files\\Tandem\\service.js" run');
  assert.throws(() => composeCommandLine('C:\\a"b.exe', []), /without quotes/);
});
