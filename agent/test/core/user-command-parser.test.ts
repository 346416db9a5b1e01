import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUserCommand } from '../../src/core/user-command-parser.js';
import { trayWithExtras } from './fixtures.js';

describe('user command parser', () => {
  it('accepts every command the menu and the window send', () => {
    for (const command of [
      { type: 'open-status' },
      { type: 'open-link', url: 'https://help.example.com/' },
      { type: 'run-action', id: 'sync-now' },
      { type: 'collect-diagnostics' },
      { type: 'refresh' },
      { type: 'quit' },
    ]) {
      assert.deepEqual(parseUserCommand(command, trayWithExtras), command);
    }
  });

  it('refuses links and actions the administrator did not configure', () => {
    assert.throws(() => parseUserCommand({ type: 'open-link', url: 'file:///etc/passwd' }, trayWithExtras), {
      code: 'E_FORBIDDEN',
      message: 'the link "file:///etc/passwd" is not in the tray configuration',
    });
    assert.throws(() => parseUserCommand({ type: 'run-action', id: 'format-disk' }, trayWithExtras), {
      code: 'E_FORBIDDEN',
      message: 'the action "format-disk" is not in the tray configuration',
    });
  });

  it('refuses malformed input with an exact message', () => {
    const cases: Array<[unknown, string]> = [
      [null, 'Expected a command object, got `null`'],
      ['quit', 'Expected a command object, got `quit` (string)'],
      [[], 'Expected a command object, got an array'],
      [{ type: 'format' }, 'Expected `type` to be one of open-status, open-link, run-action, collect-diagnostics, refresh, quit, got `format` (string)'],
      [{}, 'Expected `type` to be one of open-status, open-link, run-action, collect-diagnostics, refresh, quit, got `undefined` (undefined)'],
      [{ type: 'open-link', url: 42 }, 'Expected `url` to be a string, got `42` (number)'],
      [{ type: 'run-action' }, 'Expected `id` to be a string, got `undefined` (undefined)'],
      [{ type: 'quit', force: true }, 'Unexpected key `force` in a quit command'],
    ];
    for (const [input, message] of cases) {
      assert.throws(() => parseUserCommand(input, trayWithExtras), { code: 'E_INVALID_PARAMS', message });
    }
  });
});
