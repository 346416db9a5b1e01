/**
 * The status window's preload: the only code that sees both the page and Electron. It exposes
 * exactly the StatusBridge as `window.tandem`, each method a fixed IPC call; the page can name no
 * channel and send nothing else. Sandboxed preloads may only require('electron') (and a few
 * built-ins), so this file imports types and nothing else of ours, and compiles to CommonJS.
 */
import electron = require('electron');
import type { IpcRendererEvent } from 'electron';
import type { BridgeChannel, BridgeGlobalName, StatusBridge } from '../bridge/status-bridge.js';
import type { StatusView } from '../bridge/status-view.js';
import type { CommandOutcome, UserCommand } from '../bridge/user-command.js';

const { contextBridge, ipcRenderer } = electron;
const VIEW: BridgeChannel = 'tandem:view';
const PERFORM: BridgeChannel = 'tandem:perform';
const VIEW_CHANGED: BridgeChannel = 'tandem:view-changed';
const GLOBAL_NAME: BridgeGlobalName = 'tandem';

const bridge: StatusBridge = {
  view: () => ipcRenderer.invoke(VIEW) as Promise<StatusView>,
  subscribe: (listener) => {
    // The page's listener never sees the IPC event (it holds the sender and more).
    const relay = (_event: IpcRendererEvent, view: StatusView): void => listener(view);
    ipcRenderer.on(VIEW_CHANGED, relay);
    return () => void ipcRenderer.removeListener(VIEW_CHANGED, relay);
  },
  perform: (command: UserCommand) => ipcRenderer.invoke(PERFORM, command) as Promise<CommandOutcome>,
};

contextBridge.exposeInMainWorld(GLOBAL_NAME, bridge);
