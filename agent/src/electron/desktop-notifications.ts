/**
 * Shows the notifications the policy let through as Windows toasts (they need the
 * AppUserModelID set in main.ts and the installer's Start menu shortcut). A click opens the
 * status window, also on a toast clicked later in Action Center, whose Notification object is
 * gone (Windows activates the tray's toast activator, app-identity.ts). Suppressed notifications
 * only appear in the window's list.
 */
import { Notification } from 'electron';
import type { NotificationView } from '../bridge/status-view.js';
import type { AgentCore } from '../core/agent-core.js';
import type { Unsubscribe } from '../core/signal.js';

export class DesktopNotifications {
  readonly #unsubscribe: Unsubscribe;
  /** Toasts on screen. Electron loses a notification's click handler if the object is collected. */
  readonly #live = new Set<Notification>();

  constructor(core: AgentCore, openStatusWindow: () => void) {
    this.#unsubscribe = core.events.subscribe((event) => {
      if (event.type === 'notification' && event.notification.suppressed === null) this.#show(event.notification, openStatusWindow);
    });
    // For a live toast Electron calls this besides its 'click': the second show() only focuses.
    if (process.platform === 'win32') Notification.handleActivation(() => openStatusWindow());
  }

  dispose(): void {
    this.#unsubscribe();
    if (process.platform === 'win32') Notification.handleActivation(() => undefined);
    for (const toast of this.#live) toast.close();
    this.#live.clear();
  }

  #show(notification: NotificationView, openStatusWindow: () => void): void {
    if (!Notification.isSupported()) return;
    const toast = new Notification({
      title: notification.title,
      body: notification.body,
      urgency: notification.level === 'error' ? 'critical' : 'normal',
      // Errors stay until the user dismisses them; the rest time out as usual.
      timeoutType: notification.level === 'error' ? 'never' : 'default',
      silent: notification.level === 'info',
    });
    this.#live.add(toast);
    toast.on('click', openStatusWindow);
    toast.on('close', () => this.#live.delete(toast));
    toast.show();
  }
}
