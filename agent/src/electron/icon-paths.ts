/**
 * Which icon files the tray shows. On Windows, the multi-size .ico files (scripts/generate-icons.mjs
 * draws each size), as Electron recommends there: Windows picks the size the notification area or
 * the taskbar needs at the screen's scaling. Elsewhere, the PNG with its @2x companion.
 */
import path from 'node:path';
import type { StateKind } from '../bridge/status-view.js';
import { trayIconFile, type TaskbarTheme } from '../core/tray-icon.js';
import { AGENT_ROOT, ICONS_DIR } from './agent-paths.js';

export function trayIconPath(kind: StateKind, taskbar: TaskbarTheme, platform: NodeJS.Platform = process.platform): string {
  const png = trayIconFile(kind, taskbar);
  return path.join(ICONS_DIR, platform === 'win32' ? png.replace(/\.png$/, '.ico') : png);
}

/**
 * The status window's icon. The packaged tray.exe carries the same .ico (electron-builder.yml:
 * win.icon), which the taskbar would show anyway; naming it here also covers a developer's
 * run on electron.exe.
 */
export function appIconPath(platform: NodeJS.Platform = process.platform): string {
  return path.join(AGENT_ROOT, 'assets', platform === 'win32' ? 'icon.ico' : 'icon.png');
}
