/** The environment a tray action gets, from the one Windows gives its account (action-environment.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionVariables, systemPath } from '../../../src/platform/windows/action-environment.js';

/** What CreateEnvironmentBlock gives LocalSystem, with a machine PATH that names a folder users can write. */
const SYSTEM_ACCOUNT = new Map([
  ['ALLUSERSPROFILE', 'C:\\ProgramData'],
  ['COMPUTERNAME', 'HOST'],
  ['ComSpec', 'C:\\Windows\\system32\\cmd.exe'],
  ['NODE_OPTIONS', '--require C:\\tools\\hook.js'],
  ['Path', 'C:\\Windows\\system32;C:\\Windows;C:\\Python27'],
  ['PATHEXT', '.COM;.EXE;.BAT;.CMD'],
  ['PROCESSOR_IDENTIFIER', 'Intel64 Family 6'],
  ['SystemRoot', 'C:\\Windows'],
  ['TEMP', 'C:\\Windows\\TEMP'],
  ['USERPROFILE', 'C:\\Windows\\system32\\config\\systemprofile'],
  ['windir', 'C:\\Windows'],
]);

test("a SYSTEM action keeps only the listed variables, and its PATH is the system's folders, never the machine PATH", () => {
  const variables = actionVariables(SYSTEM_ACCOUNT, 'system');
  assert.deepEqual(
    [...variables.keys()].sort(),
    ['ALLUSERSPROFILE', 'COMPUTERNAME', 'ComSpec', 'PATH', 'PATHEXT', 'SystemRoot', 'TEMP', 'USERPROFILE', 'windir'].sort(),
  );
  assert.equal(variables.get('PATH'), 'C:\\Windows\\System32;C:\\Windows;C:\\Windows\\System32\\Wbem;C:\\Windows\\System32\\WindowsPowerShell\\v1.0');
  assert.equal(variables.get('PATH'), systemPath('C:\\Windows'));
});

test("a user's action keeps that user's PATH, under the name Windows gave it", () => {
  const variables = actionVariables(SYSTEM_ACCOUNT, 'user');
  assert.equal(variables.get('Path'), 'C:\\Windows\\system32;C:\\Windows;C:\\Python27');
  assert.equal(variables.has('NODE_OPTIONS'), false);
  assert.equal(variables.has('PROCESSOR_IDENTIFIER'), false);
});

test('names are compared without case, as Windows does', () => {
  const variables = actionVariables(new Map([['systemroot', 'D:\\Win'], ['temp', 'D:\\t'], ['Tandem_Endpoint', 'x']]), 'system');
  assert.deepEqual([...variables], [
    ['systemroot', 'D:\\Win'],
    ['temp', 'D:\\t'],
    ['PATH', systemPath('D:\\Win')],
  ]);
});

test('without SystemRoot a SYSTEM action gets no PATH at all rather than the machine one', () => {
  const variables = actionVariables(new Map([['PATH', 'C:\\Users\\Public\\bin']]), 'system');
  assert.equal(variables.size, 0);
});
