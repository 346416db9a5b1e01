/**
 * The status window's options, in a module that only imports Electron's types, so a plain Node
 * test can check the security settings without an Electron binary.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export function statusWindowOptions(preload: string, options: { readonly devTools: boolean; readonly icon: string }): BrowserWindowConstructorOptions {
  return {
    title: 'Tandem status',
    icon: options.icon,
    width: 560,
    height: 720,
    minWidth: 400,
    minHeight: 480,
    // Shown on 'ready-to-show', so the user never sees an empty frame.
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      // The page sees only the bridge the preload exposes, never Node or Electron.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools,
    },
  };
}
