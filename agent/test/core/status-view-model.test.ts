import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildStatusView } from '../../src/core/status-view-model.js';
import { sampleStatus, sampleTray } from '../support/stub-service.js';
import { stateOf, trayWithExtras } from './fixtures.js';

describe('status view model', () => {
  it('shows the service, this session and its agent while connected', () => {
    const view = buildStatusView({ agentVersion: '0.1.0', state: stateOf.connected, tray: trayWithExtras, status: sampleStatus(), notifications: [] });
    assert.deepEqual(view.service, { product: 'tandem', version: '0.1.0', platform: 'console', uptimeSeconds: 3723 });
    assert.deepEqual(view.session, { id: 1, user: 'alice', agentState: 'running', pid: 5151, restarts: 0 });
    assert.deepEqual(view.settings, { quietHours: { start: '22:00', end: '07:00' }, notificationsPerMinute: 4, supportText: 'Call 555-0100 for help.' });
    assert.equal(view.state.kind, 'connected');
    assert.deepEqual(
      view.actions.map((action) => [action.label, action.group, action.enabled]),
      [
        ['IT help desk', 'links', true],
        ['Email support', 'links', true],
        ['Sync now', 'service', true],
        ['Collect diagnostics', 'service', true],
        ['Refresh status', 'service', true],
        ['Quit Tandem', 'app', true],
      ],
    );
  });

  it("describes an administrator's action by its description, and shows its latest run", () => {
    const tray = sampleTray({ actions: [{ id: 'repair', label: 'Repair network', description: 'Resets the network adapter.', confirmation: 'Go on?' }, { id: 'plain', label: 'Plain', description: '', confirmation: null }] });
    const run = { state: 'succeeded' as const, headline: 'Succeeded', detail: '', at: '2025-01-01T00:00:00.000Z' };
    const view = buildStatusView({ agentVersion: '0.1.0', state: stateOf.connected, tray, status: sampleStatus(), notifications: [], runs: (id) => (id === 'repair' ? run : null) });
    assert.deepEqual(
      view.actions.filter((action) => action.command.type === 'run-action').map((action) => [action.label, action.hint, action.enabled, action.run]),
      [
        ['Repair network', 'Resets the network adapter.', true, run],
        ['Plain', 'Runs on the Tandem service.', true, null],
      ],
    );
  });

  it('knows nothing of the service while it is away, and says why actions are off', () => {
    const view = buildStatusView({ agentVersion: '0.1.0', state: stateOf.unavailable, tray: sampleTray(), status: null, notifications: [] });
    assert.equal(view.service, null);
    assert.deepEqual(view.session, { id: null, user: null, agentState: null, pid: null, restarts: null });
    assert.equal(view.state.headline, 'Tandem service unavailable');
    assert.match(view.state.detail, /^The Tandem service is not running .*keeps trying to reconnect/);
    const diagnostics = view.actions.find((action) => action.command.type === 'collect-diagnostics');
    assert.deepEqual(diagnostics && [diagnostics.enabled, diagnostics.hint], [false, 'Needs a connection to the Tandem service.']);
  });

  it('lists the problems that need attention', () => {
    const view = buildStatusView({ agentVersion: '0.1.0', state: stateOf.attention, tray: sampleTray(), status: null, notifications: [] });
    assert.deepEqual(view.state.problems, ['Configuration: config.json is not valid JSON; using the last known good copy']);
    assert.equal(view.state.detail, 'The service reported a problem. Your administrator can see it in the service log too.');
  });

  it('passes the notifications through, newest first as given', () => {
    const notifications = [
      { id: 'b', title: 'Second', body: '', level: 'error' as const, at: '2025-01-01T10:01:00.000Z', suppressed: null },
      { id: 'a', title: 'First', body: 'text', level: 'info' as const, at: '2025-01-01T10:00:00.000Z', suppressed: 'quiet-hours' as const },
    ];
    const view = buildStatusView({ agentVersion: '0.1.0', state: stateOf.connected, tray: sampleTray(), status: null, notifications });
    assert.deepEqual(view.notifications, notifications);
  });
});
