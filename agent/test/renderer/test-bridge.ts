/**
 * A StatusBridge for the page under test, injected before the page's scripts run. It serves a
 * view the test chose, lets the test push new ones (`__setView`), and records every command the
 * page performs (`__performed`).
 */
import type { StatusView } from '../../src/bridge/status-view.js';

export function testBridgeScript(view: StatusView): string {
  return `(() => {
    let view = ${JSON.stringify(view)};
    const listeners = new Set();
    window.__performed = [];
    window.__setView = (next) => {
      view = next;
      for (const listener of listeners) listener(next);
    };
    window.tandem = Object.freeze({
      view: async () => view,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      perform: async (command) => {
        window.__performed.push(command);
        return { ok: true, message: 'Test bridge performed ' + command.type + '.' };
      },
    });
  })();`;
}
