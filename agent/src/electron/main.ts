/**
 * The tray agent's Electron main process: a thin shell over the core. It wires the core to a
 * tray icon, desktop notifications and the status window, and owns the app's lifecycle:
 *   - one tray per session, the lock taken before anything can fail (tray-startup.ts), no
 *     window at start;
 *   - the service's agent.shutdown quits at once; the user's Quit tells the service first;
 *   - the page is served on tandem://status with a strict CSP, in a sandboxed, isolated window.
 * Launched by the service with the same environment as the headless agent (TANDEM_ENDPOINT…);
 * also started by its Start-menu shortcut and by toasts, without it.
 */
import os from 'node:os';
import { app, dialog, Menu, shell } from 'electron';
import { PRODUCT_VERSION } from '@tandem/shared';
import { processSessionId } from '@tandem/service/platform/windows/process-session';
import { AgentCore } from '../core/agent-core.js';
import type { AgentShell } from '../core/agent-shell.js';
import { dispatchCommand } from '../core/command-dispatcher.js';
import type { LaunchEnvironment } from '../headless/launch-environment.js';
import { APP_USER_MODEL_ID, PRODUCT_NAME, TOAST_ACTIVATOR_CLSID } from './app-identity.js';
import { DesktopNotifications } from './desktop-notifications.js';
import { trayConnection } from './tray-connection.js';
import { prepareTrayStartup } from './tray-startup.js';
import { registerStatusPageScheme, serveStatusPage } from './status-page-protocol.js';
import { StatusWindow } from './status-window.js';
import { TrayController } from './tray-controller.js';
import { denyPermissions, hardenWebContents } from './web-hardening.js';

const CLIENT_NAME = `tandem-tray/${PRODUCT_VERSION}`;
const EXIT_USAGE = 2;

function main(): void {
  app.setName(PRODUCT_NAME);
  const startup = prepareTrayStartup({
    platform: process.platform,
    env: process.env,
    home: app.getPath('home'),
    appData: app.getPath('appData'),
    hostname: os.hostname(),
    windowsSessionId: () => processSessionId(),
    setUserDataPath: (dir) => app.setPath('userData', dir),
    requestSingleInstanceLock: () => app.requestSingleInstanceLock(),
    disableHardwareAcceleration: () => app.disableHardwareAcceleration(),
    removeApplicationMenu: () => Menu.setApplicationMenu(null),
  });
  if (startup.kind === 'already-running') {
    // The 'second-instance' handler of the tray that holds the lock shows its window.
    app.exit(0);
    return;
  }
  if (startup.kind === 'refused') {
    dialog.showErrorBox(`${PRODUCT_NAME} cannot start`, startup.message);
    app.exit(EXIT_USAGE);
    return;
  }
  const { launch } = startup;
  app.setAppUserModelId(APP_USER_MODEL_ID);
  if (process.platform === 'win32') app.setToastActivatorCLSID(TOAST_ACTIVATOR_CLSID);
  registerStatusPageScheme();
  hardenWebContents();
  // A tray app lives on with no window open: listening to the event keeps Electron from quitting.
  app.on('window-all-closed', () => undefined);
  void app.whenReady().then(() => start(launch));
}

function start(launch: LaunchEnvironment): void {
  denyPermissions();
  serveStatusPage();

  const { connector, clientName } = trayConnection(launch.endpoint, CLIENT_NAME);
  const core = new AgentCore({ connector, clientName, expectedSessionId: launch.sessionId });
  const agentShell: AgentShell = {
    openStatusWindow: () => statusWindow.show(),
    openExternal: (url) => shell.openExternal(url),
    exit: () => app.quit(),
    confirm: async (title, question) => {
      const answer = await dialog.showMessageBox({ type: 'question', title, message: question, buttons: ['Run', 'Cancel'], defaultId: 0, cancelId: 1, noLink: true });
      return answer.response === 0;
    },
  };
  const perform = (command: unknown) => dispatchCommand(command, core, agentShell);
  const statusWindow = new StatusWindow(core, perform);
  const tray = new TrayController(core, (command) => void perform(command));
  const notifications = new DesktopNotifications(core, () => statusWindow.show());

  core.events.subscribe((event) => {
    if (event.type === 'shutdown') app.quit();
  });
  app.on('second-instance', () => statusWindow.show());
  app.on('will-quit', () => {
    notifications.dispose();
    tray.dispose();
    statusWindow.dispose();
    core.stop();
  });
  core.start();
}

main();
