/**
 * Which icon file shows which state. Each state has a variant for a light and for a dark
 * taskbar (the glyph must contrast with the taskbar, not with the app's theme), at 16 px with an
 * `@2x` companion of 32 px that Electron picks on high-DPI screens. The files are made by
 * agent/scripts/generate-icons.mjs.
 */
import type { StateKind } from '../bridge/status-view.js';

export type TaskbarTheme = 'light' | 'dark';

export const STATE_KINDS: readonly StateKind[] = ['connecting', 'connected', 'unavailable', 'version-mismatch', 'attention'];

/** The file name, inside agent/assets/icons, of the icon for `kind` on a `taskbar`-coloured taskbar. */
export function trayIconFile(kind: StateKind, taskbar: TaskbarTheme): string {
  return `tray-${kind}-${taskbar}.png`;
}

/** Windows cuts tray tooltips at 127 characters; say the important part first. */
export const TOOLTIP_LIMIT = 127;

/** The tooltip: the state's headline, which always names Tandem, cut to fit. */
export function trayTooltip(headline: string): string {
  return headline.length <= TOOLTIP_LIMIT ? headline : `${headline.slice(0, TOOLTIP_LIMIT - 1)}…`;
}
