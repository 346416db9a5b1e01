/**
 * One tray per session. Electron's requestSingleInstanceLock() is scoped by the userData
 * folder, which is per user; a user signed in twice (console and Remote Desktop) has two
 * sessions and must get two trays. So userData gets a folder per session, set before the lock
 * is asked for: the lock then means "one tray in this session".
 */
import path from 'node:path';

export function sessionUserDataPath(appData: string, sessionId: number | null): string {
  const scope = sessionId === null ? 'session-default' : `session-${sessionId}`;
  return path.join(appData, 'Tandem', 'tray', scope);
}
