/** Which paths may name a tray action's program, judged on the text (action-program.ts); the files themselves are checked under Wine and Windows. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { programPathProblem } from '../../../src/platform/windows/action-program.js';

test('drive-absolute, normalized paths to an executable are accepted', () => {
  for (const program of ['C:\\Program Files\\Vendor\\repair.exe', 'D:\\tools\\sync.com', 'c:\\Windows\\System32\\whoami.exe', 'C:\\Program Files (x86)\\A & B\\run it.exe']) {
    assert.equal(programPathProblem(program), undefined, program);
  }
});

test('relative, rooted-without-drive, network, device and unnormalized paths are refused, quoting what was given', () => {
  for (const program of ['repair.exe', '.\\repair.exe', 'C:repair.exe', '\\tools\\repair.exe', '\\\\server\\share\\repair.exe', '\\\\?\\C:\\tools\\repair.exe', '\\\\.\\C:\\tools\\repair.exe', 'C:\\tools\\..\\Users\\x\\repair.exe', 'C:\\tools\\.\\repair.exe', 'C:/tools/repair.exe', 'C:\\tools\\\\repair.exe', 'C:\\tools\\', '']) {
    const problem = programPathProblem(program);
    assert.match(problem ?? '', /^Expected the action's program as an absolute path to a file, such as C:\\Program Files\\Vendor\\repair\.exe, got `/, program);
    assert.ok(problem?.endsWith(`got \`${program}\``), problem);
  }
});

test('quotes, wildcards, control characters and alternate data streams are refused', () => {
  for (const program of ['C:\\tools\\re"pair.exe', 'C:\\tools\\*.exe', 'C:\\tools\\repair?.exe', 'C:\\tools\\a<b.exe', 'C:\\tools\\a|b.exe', 'C:\\tools\\repair.exe:hidden', 'C:\\tools\\re\npair.exe']) {
    assert.match(programPathProblem(program) ?? '', /^Expected the action's program as a path without quotes, wildcards, control characters or ':' streams, got `/, JSON.stringify(program));
  }
});

test('batch files are refused: Windows would run them through cmd.exe', () => {
  for (const program of ['C:\\tools\\repair.bat', 'C:\\tools\\repair.CMD']) {
    assert.match(programPathProblem(program) ?? '', /not a batch file that Windows would run through cmd\.exe/);
  }
});
