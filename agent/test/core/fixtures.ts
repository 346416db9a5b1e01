/** States and settings the core's tests share. */
import type { AgentState, LinkInfo } from '../../src/core/agent-state.js';
import { sampleStatus, sampleTray, SESSION_ID } from '../support/stub-service.js';

export const link: LinkInfo = { product: 'tandem/0.1.0', service: { name: 'tandem', version: '0.1.0' }, sessionId: SESSION_ID };

export const stateOf = {
  connecting: { kind: 'connecting', since: 0, attempt: 0, lastError: null },
  unavailable: { kind: 'unavailable', since: 0, attempt: 7, lastError: 'the Tandem service is not running (nothing listens on /run/tandem/agent-1.sock)' },
  connected: { kind: 'connected', link, status: sampleStatus() },
  attention: {
    kind: 'attention',
    link,
    status: sampleStatus(),
    problems: ['Configuration: config.json is not valid JSON; using the last known good copy'],
  },
  'version-mismatch': {
    kind: 'version-mismatch',
    link: { product: 'tandem/0.2.0', service: { name: 'tandem', version: '0.2.0' }, sessionId: SESSION_ID },
    since: 0,
    reason: 'the service is version 0.2.0 and this tray is version 0.1.0',
  },
} satisfies Record<AgentState['kind'], AgentState>;

export const trayWithExtras = sampleTray({
  links: [
    { label: 'IT help desk', url: 'https://help.example.com/' },
    { label: 'Email support', url: 'mailto:support@example.com' },
  ],
  actions: [{ id: 'sync-now', label: 'Sync now', description: '', confirmation: null }],
  quietHours: { start: '22:00', end: '07:00' },
  notificationsPerMinute: 4,
  supportText: 'Call 555-0100 for help.',
});
