/** The recent notifications, newest first, each saying whether it popped up and why not. */
import type { NotificationView, Suppression } from '../bridge/status-view.js';
import { formatTime } from './display-format.js';
import { byId, element } from './element.js';

const LEVEL_WORDS = { info: 'Information', warning: 'Warning', error: 'Error' } as const;
const SUPPRESSION_WORDS: Record<Suppression, string> = {
  duplicate: 'not shown as a pop-up: a repeat',
  'rate-limited': 'not shown as a pop-up: too many at once',
  'quiet-hours': 'not shown as a pop-up: quiet hours',
};

export function renderNotifications(notifications: readonly NotificationView[]): void {
  const list = byId('notifications', HTMLOListElement);
  if (notifications.length === 0) {
    list.replaceChildren(element('li', { class: 'empty' }, ['No notifications yet.']));
    return;
  }
  list.replaceChildren(...notifications.map(item));
}

function item(notification: NotificationView): HTMLLIElement {
  const meta = [LEVEL_WORDS[notification.level], formatTime(notification.at)];
  if (notification.suppressed !== null) meta.push(SUPPRESSION_WORDS[notification.suppressed]);
  return element('li', { 'data-level': notification.level }, [
    element('div', { class: 'title' }, [notification.title]),
    element('div', { class: 'meta' }, [meta.join(' · ')]),
    ...(notification.body === '' ? [] : [element('p', { class: 'body' }, [notification.body])]),
  ]);
}
