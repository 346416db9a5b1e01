/**
 * The tray icon: its picture and tooltip follow the agent's state and the taskbar's theme, its
 * menu follows the state and the tray configuration, and a click opens the status window.
 *
 * After Explorer restarts, Windows broadcasts "TaskbarCreated"; Electron's NotifyIconHost
 * listens for it and adds every live Tray icon again with its current picture and tooltip
 * (shell/browser/ui/win/notify_icon_host.cc), so nothing is needed here beyond keeping this
 * Tray object alive, which the controller does until dispose().
 */
import { Menu, nativeTheme, Tray } from 'electron';
import type { UserCommand } from '../bridge/user-command.js';
import type { AgentCore } from '../core/agent-core.js';
import { buildMenu } from '../core/menu-model.js';
import type { Unsubscribe } from '../core/signal.js';
import { summarize } from '../core/state-summary.js';
import { trayTooltip, type TaskbarTheme } from '../core/tray-icon.js';
import { trayIconPath } from './icon-paths.js';
import { menuTemplate } from './menu-template.js';

export class TrayController {
  readonly #core: AgentCore;
  readonly #run: (command: UserCommand) => void;
  readonly #tray: Tray;
  readonly #unsubscribe: Unsubscribe;
  readonly #onThemeChange = (): void => this.#render();
  /** What the tray shows now; while the service is away a retry changes nothing visible. */
  #shown = '';

  constructor(core: AgentCore, run: (command: UserCommand) => void) {
    this.#core = core;
    this.#run = run;
    this.#tray = new Tray(this.#iconPath());
    this.#tray.on('click', () => run({ type: 'open-status' }));
    this.#unsubscribe = core.events.subscribe((event) => {
      if (event.type === 'state' || event.type === 'config-changed') this.#render();
    });
    nativeTheme.on('updated', this.#onThemeChange);
    this.#render();
  }

  dispose(): void {
    this.#unsubscribe();
    nativeTheme.off('updated', this.#onThemeChange);
    this.#tray.destroy();
  }

  #render(): void {
    const state = this.#core.state;
    const icon = this.#iconPath();
    const tooltip = trayTooltip(summarize(state).headline);
    const menu = buildMenu(state, this.#core.tray);
    const shown = JSON.stringify([icon, tooltip, menu]);
    if (shown === this.#shown) return;
    this.#shown = shown;
    this.#tray.setImage(icon);
    this.#tray.setToolTip(tooltip);
    this.#tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(menu, this.#run, { escapeAmpersands: process.platform === 'win32' })));
  }

  #iconPath(): string {
    return trayIconPath(this.#core.state.kind, taskbarTheme());
  }
}

/** The taskbar follows the system theme, which on Windows may differ from the apps' theme. */
function taskbarTheme(): TaskbarTheme {
  const dark = process.platform === 'win32' ? nativeTheme.shouldUseDarkColorsForSystemIntegratedUI : nativeTheme.shouldUseDarkColors;
  return dark ? 'dark' : 'light';
}
