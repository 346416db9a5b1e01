import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UserCommand } from '../../src/bridge/user-command.js';
import { menuTemplate } from '../../src/electron/menu-template.js';

describe('menu template', () => {
  const entries = [
    { kind: 'label', label: 'Connected to Tandem 0.1.0' },
    { kind: 'separator' },
    { kind: 'item', label: 'Help & FAQ', enabled: true, command: { type: 'open-link', url: 'https://help.example.com/' } },
    { kind: 'item', label: 'Sync now', enabled: false, command: { type: 'run-action', id: 'sync-now' } },
  ] as const;

  it('maps labels to disabled items, separators to separators, items to clickable entries', () => {
    const ran: UserCommand[] = [];
    const template = menuTemplate(entries, (command) => ran.push(command), { escapeAmpersands: false });
    assert.deepEqual(
      template.map(({ label, enabled, type }) => ({ label, enabled, type })),
      [
        { label: 'Connected to Tandem 0.1.0', enabled: false, type: undefined },
        { label: undefined, enabled: undefined, type: 'separator' },
        { label: 'Help & FAQ', enabled: true, type: undefined },
        { label: 'Sync now', enabled: false, type: undefined },
      ],
    );
    assert.equal(template[0]?.click, undefined);
    // Electron passes menu item, window and event; the template ignores them.
    const click = template[2]?.click as (() => void) | undefined;
    click?.();
    assert.deepEqual(ran, [{ type: 'open-link', url: 'https://help.example.com/' }]);
  });

  it("doubles ampersands for Windows, so an administrator's label shows as written", () => {
    const template = menuTemplate(entries, () => undefined, { escapeAmpersands: true });
    assert.equal(template[2]?.label, 'Help && FAQ');
  });
});
