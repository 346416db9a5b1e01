/**
 * One tray per session, its data in this machine's local app data. Chromium's single-instance
 * lock is scoped by the userData folder (a `Local\` mutex, a message window named after the
 * folder, and a lockfile inside it: process_singleton_win.cc), and a user signed in twice (console
 * and Remote Desktop) has two sessions and must get two trays. So userData gets a folder per
 * machine and session, set before the lock is asked for: the lock then means "one tray in this
 * session of this machine".
 *
 * Local, not roaming: %APPDATA% roams with roaming profiles and folder redirection, so the same
 * user in session 2 on two Remote Desktop hosts would share one folder; Chromium opens its
 * lockfile for exclusive use, and the second host's tray would exit without a word. Chromium's
 * caches must not roam either. The computer's name as well: profile containers (FSLogix) carry
 * AppData\Local from host to host too.
 */
import path from 'node:path';

export interface InstanceScope {
  /** The folder the tray's data goes under: %LOCALAPPDATA% on Windows, Electron's appData elsewhere. */
  readonly dataRoot: string;
  readonly computerName: string;
  /** The session the tray runs in; null where there is none to tell (outside Windows, by hand). */
  readonly sessionId: number | null;
}

export function sessionUserDataPath(scope: InstanceScope): string {
  return path.join(scope.dataRoot, 'Tandem', 'tray', `${folderSafeName(scope.computerName)}-${scope.sessionId ?? 'default'}`);
}

/**
 * %LOCALAPPDATA%, which the service's launch environment (CreateEnvironmentBlock) and Explorer's
 * both set; the profile's AppData\Local when it is missing or not an absolute path.
 */
export function localAppData(env: NodeJS.ProcessEnv, home: string): string {
  const configured = env['LOCALAPPDATA'];
  if (configured !== undefined && path.win32.isAbsolute(configured) && !configured.includes('\0')) return configured;
  return path.win32.join(home, 'AppData', 'Local');
}

/** A computer name fit for one path segment: NetBIOS names allow characters that paths do not. */
function folderSafeName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 63);
  return /^\.*$/.test(safe) ? 'computer' : safe;
}
