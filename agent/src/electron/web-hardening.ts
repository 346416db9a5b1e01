/**
 * Rules for every web page the agent ever creates: it never navigates away from the status page,
 * never opens windows (links go to the user's browser through the bridge, after the main process
 * checked them), embeds no webviews, and gets no permission (camera, notifications, …) it asks for.
 */
import { app, session } from 'electron';
import { isStatusPageUrl } from './status-page-routes.js';

export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isStatusPageUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isStatusPageUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/** Call once the app is ready (sessions exist only then). */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
