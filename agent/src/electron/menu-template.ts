/** Turns the core's menu model into Electron's menu template (Electron's types only). */
import type { MenuItemConstructorOptions } from 'electron';
import type { UserCommand } from '../bridge/user-command.js';
import type { MenuEntry } from '../core/menu-model.js';

export interface TemplateOptions {
  /** Windows reads `&` in a menu label as a mnemonic marker; an administrator's "Help & FAQ" must show as written. */
  readonly escapeAmpersands: boolean;
}

export function menuTemplate(entries: readonly MenuEntry[], run: (command: UserCommand) => void, options: TemplateOptions): MenuItemConstructorOptions[] {
  const text = (label: string): string => (options.escapeAmpersands ? label.replaceAll('&', '&&') : label);
  return entries.map((entry): MenuItemConstructorOptions => {
    switch (entry.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: text(entry.label), enabled: false };
      case 'item':
        return { label: text(entry.label), enabled: entry.enabled, click: () => run(entry.command) };
    }
  });
}
