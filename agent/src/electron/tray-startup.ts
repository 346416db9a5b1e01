/**
 * What the tray does first, before Electron is ready, in an order that nothing can break: the
 * tray is not only launched by the service. Its Start-menu shortcut and its toasts (Windows
 * launches the shortcut's program for a toast clicked after the tray exited) start it with the
 * user's own environment, which has no TANDEM_ENDPOINT. So:
 *
 *   1. the session is read from Windows (ProcessIdToSessionId), never from the environment;
 *   2. userData is set for that session and the single-instance lock taken (instance-scope.ts);
 *   3. the lock held means a tray already runs in this session: exit quietly, its
 *      'second-instance' handler shows its status window;
 *   4. only a tray that holds the lock reads its launch environment, and without an endpoint it
 *      says that the service starts the tray, rather than what variable is missing.
 *
 * Plain TypeScript over a small host interface (main.ts gives it Electron's calls), so the order
 * is tested under Node.
 */
import { describeError } from '@tandem/shared/errors';
import { parseLaunchEnvironment, type LaunchEnvironment } from '../headless/launch-environment.js';
import { localAppData, sessionUserDataPath } from './instance-scope.js';

export interface TrayStartupHost {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** The user's profile folder. */
  readonly home: string;
  /** Electron's per-user data folder, where the tray's data goes outside Windows. */
  readonly appData: string;
  readonly hostname: string;
  /** Windows only: the session this process runs in; throws when Windows cannot tell. */
  windowsSessionId(): number;
  setUserDataPath(dir: string): void;
  requestSingleInstanceLock(): boolean;
  /** What Electron must hear before 'ready', once it is settled that this tray runs. */
  disableHardwareAcceleration(): void;
  removeApplicationMenu(): void;
}

export type TrayStartup =
  | { readonly kind: 'start'; readonly launch: LaunchEnvironment; readonly userDataPath: string }
  /** Another tray holds this session's lock; it was told, and shows its window. */
  | { readonly kind: 'already-running' }
  | { readonly kind: 'refused'; readonly message: string };

export const NOT_LAUNCHED_BY_SERVICE =
  'Tandem is not running in this session. The Tandem service starts it when you sign in; it cannot be started from here. ' +
  'If the Tandem icon does not appear in the notification area, ask your administrator to check the Tandem service (tandemctl status).';

export function prepareTrayStartup(host: TrayStartupHost): TrayStartup {
  let sessionId: number | null;
  try {
    sessionId = host.platform === 'win32' ? host.windowsSessionId() : sessionFromEnvironment(host.env);
  } catch (error) {
    return { kind: 'refused', message: `Tandem cannot tell which Windows session it runs in: ${describeError(error)}` };
  }
  const windows = host.platform === 'win32';
  const userDataPath = sessionUserDataPath({
    dataRoot: windows ? localAppData(host.env, host.home) : host.appData,
    computerName: (windows ? host.env['COMPUTERNAME'] : undefined) ?? host.hostname,
    sessionId,
  });
  host.setUserDataPath(userDataPath);
  if (!host.requestSingleInstanceLock()) return { kind: 'already-running' };

  let launch: LaunchEnvironment;
  try {
    launch = parseLaunchEnvironment(host.env);
  } catch (error) {
    return { kind: 'refused', message: (host.env['TANDEM_ENDPOINT'] ?? '').trim() === '' ? NOT_LAUNCHED_BY_SERVICE : describeError(error) };
  }
  // The status page needs no GPU, and a GPU process that fails (a disconnected Remote Desktop
  // session, a VM without a usable adapter) would take the whole tray down with it.
  host.disableHardwareAcceleration();
  // Electron's default menu offers Reload and DevTools (Alt in a window) and costs start-up time.
  host.removeApplicationMenu();
  return { kind: 'start', launch, userDataPath };
}

/** Outside Windows (a developer's run): the launcher's word, or none. */
function sessionFromEnvironment(env: NodeJS.ProcessEnv): number | null {
  const value = env['TANDEM_SESSION_ID'] ?? '';
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}
