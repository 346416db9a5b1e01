/**
 * The status window: created on demand (never at start), one at a time, hidden from nothing but
 * closed for real when the user closes it. It reaches the core only through two IPC channels,
 * and only from the status page's own frame.
 */
import { app, BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { TandemError } from '@tandem/shared';
import type { BridgeChannel } from '../bridge/status-bridge.js';
import type { CommandOutcome } from '../bridge/user-command.js';
import type { AgentCore } from '../core/agent-core.js';
import type { Unsubscribe } from '../core/signal.js';
import { PRELOAD_PATH } from './agent-paths.js';
import { appIconPath } from './icon-paths.js';
import { isStatusPageUrl, STATUS_PAGE_URL } from './status-page-routes.js';
import { statusWindowOptions } from './window-options.js';

const VIEW: BridgeChannel = 'tandem:view';
const PERFORM: BridgeChannel = 'tandem:perform';
const VIEW_CHANGED: BridgeChannel = 'tandem:view-changed';

export class StatusWindow {
  readonly #core: AgentCore;
  readonly #unsubscribe: Unsubscribe;
  #window: BrowserWindow | undefined;

  /** `perform` checks and carries out a command from the page (core/command-dispatcher.ts). */
  constructor(core: AgentCore, perform: (command: unknown) => Promise<CommandOutcome>) {
    this.#core = core;
    ipcMain.handle(VIEW, (event) => {
      assertFromStatusPage(event);
      return core.view();
    });
    ipcMain.handle(PERFORM, (event, command: unknown) => {
      assertFromStatusPage(event);
      return perform(command);
    });
    this.#unsubscribe = core.events.subscribe(() => this.#push());
  }

  show(): void {
    const existing = this.#window;
    if (existing !== undefined) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return;
    }
    const window = new BrowserWindow(statusWindowOptions(PRELOAD_PATH, { devTools: !app.isPackaged, icon: appIconPath() }));
    this.#window = window;
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (this.#window === window) this.#window = undefined;
    });
    void window.loadURL(STATUS_PAGE_URL);
    // A status page that cannot refresh after the service answers would show stale state.
    void this.#core.refresh();
  }

  dispose(): void {
    this.#unsubscribe();
    ipcMain.removeHandler(VIEW);
    ipcMain.removeHandler(PERFORM);
    this.#window?.destroy();
    this.#window = undefined;
  }

  #push(): void {
    const window = this.#window;
    if (window === undefined || window.isDestroyed()) return;
    window.webContents.send(VIEW_CHANGED, this.#core.view());
  }
}

function assertFromStatusPage(event: IpcMainInvokeEvent): void {
  const url = event.senderFrame?.url ?? '';
  if (!isStatusPageUrl(url)) throw new TandemError('E_FORBIDDEN', `IPC from ${url.slice(0, 100) || 'an unknown frame'} refused`);
}
