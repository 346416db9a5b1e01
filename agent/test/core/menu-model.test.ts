import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMenu, type MenuEntry } from '../../src/core/menu-model.js';
import { sampleTray } from '../support/stub-service.js';
import { stateOf, trayWithExtras } from './fixtures.js';

/** The menu as lines a person would read: `---` for separators, `(off)` for disabled items. */
const lines = (menu: MenuEntry[]): string[] =>
  menu.map((entry) => (entry.kind === 'separator' ? '---' : entry.kind === 'label' ? `[${entry.label}]` : `${entry.label}${entry.enabled ? '' : ' (off)'}`));

describe('menu model', () => {
  it('has the status line, the window, diagnostics and quit when nothing is configured', () => {
    assert.deepEqual(lines(buildMenu(stateOf.connected, sampleTray())), [
      '[Connected to Tandem 0.1.0]',
      '---',
      'Open status window',
      '---',
      'Collect diagnostics',
      '---',
      'Quit Tandem',
    ]);
  });

  it("lists the administrator's links and actions in their own sections", () => {
    assert.deepEqual(lines(buildMenu(stateOf.connected, trayWithExtras)), [
      '[Connected to Tandem 0.1.0]',
      '---',
      'Open status window',
      '---',
      'IT help desk',
      'Email support',
      '---',
      'Sync now',
      'Collect diagnostics',
      '---',
      'Quit Tandem',
    ]);
  });

  it('disables what needs the service while it is away, but not links or quit', () => {
    for (const state of [stateOf.connecting, stateOf.unavailable]) {
      assert.deepEqual(lines(buildMenu(state, trayWithExtras)).slice(2), [
        'Open status window',
        '---',
        'IT help desk',
        'Email support',
        '---',
        'Sync now (off)',
        'Collect diagnostics (off)',
        '---',
        'Quit Tandem',
      ]);
    }
  });

  it('says what is wrong in the status line of each state', () => {
    const statusLine = (state: keyof typeof stateOf) => buildMenu(stateOf[state], sampleTray())[0];
    assert.deepEqual(statusLine('connecting'), { kind: 'label', label: 'Connecting to the Tandem service…' });
    assert.deepEqual(statusLine('unavailable'), { kind: 'label', label: 'Tandem service unavailable' });
    assert.deepEqual(statusLine('attention'), { kind: 'label', label: 'Tandem needs attention' });
    assert.deepEqual(statusLine('version-mismatch'), { kind: 'label', label: 'Tandem version mismatch' });
  });

  it('keeps service actions usable while connected to a service of another version, or needing attention', () => {
    for (const state of [stateOf.attention, stateOf['version-mismatch']]) {
      const sync = buildMenu(state, trayWithExtras).find((entry) => entry.kind === 'item' && entry.label === 'Sync now');
      assert.deepEqual(sync, { kind: 'item', label: 'Sync now', enabled: true, command: { type: 'run-action', id: 'sync-now' } });
    }
  });

  it('carries a command for every item, and none for the status line or separators', () => {
    const commands = buildMenu(stateOf.connected, trayWithExtras).flatMap((entry) => (entry.kind === 'item' ? [entry.command] : []));
    assert.deepEqual(commands, [
      { type: 'open-status' },
      { type: 'open-link', url: 'https://help.example.com/' },
      { type: 'open-link', url: 'mailto:support@example.com' },
      { type: 'run-action', id: 'sync-now' },
      { type: 'collect-diagnostics' },
      { type: 'quit' },
    ]);
  });
});
