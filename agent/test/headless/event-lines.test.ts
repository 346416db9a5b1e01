import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventLine } from '../../src/headless/event-lines.js';
import { stateOf } from '../core/fixtures.js';

describe('headless event lines', () => {
  it('logs state changes once, not every retry', () => {
    assert.equal(eventLine({ type: 'state', state: stateOf.connected, previous: stateOf.connecting }), 'connected to tandem/0.1.0 as session 1');
    assert.equal(
      eventLine({ type: 'state', state: { ...stateOf.connecting, lastError: 'the service closed the connection' }, previous: stateOf.connected }),
      'disconnected: the service closed the connection; reconnecting',
    );
    assert.equal(eventLine({ type: 'state', state: { ...stateOf.connecting, attempt: 3 }, previous: stateOf.connecting }), null);
    assert.match(eventLine({ type: 'state', state: stateOf.unavailable, previous: stateOf.connecting }) ?? '', /^service unavailable: .*; still trying$/);
    assert.equal(eventLine({ type: 'state', state: { ...stateOf.unavailable, attempt: 8 }, previous: stateOf.unavailable }), null);
  });

  it('logs attention, its end, and version mismatches', () => {
    assert.equal(
      eventLine({ type: 'state', state: stateOf.attention, previous: stateOf.connected }),
      'needs attention: Configuration: config.json is not valid JSON; using the last known good copy',
    );
    assert.equal(eventLine({ type: 'state', state: stateOf.attention, previous: stateOf.attention }), null);
    assert.equal(eventLine({ type: 'state', state: stateOf.connected, previous: stateOf.attention }), 'problems resolved');
    assert.equal(
      eventLine({ type: 'state', state: stateOf['version-mismatch'], previous: stateOf.connecting }),
      'connected to tandem/0.2.0 as session 1; version mismatch: the service is version 0.2.0 and this tray is version 0.1.0',
    );
  });

  it('logs notifications, shown or held back', () => {
    const notification = { id: 'a', title: 'Hello', body: '', level: 'info' as const, at: '2025-01-01T00:00:00.000Z' };
    assert.equal(eventLine({ type: 'notification', notification: { ...notification, suppressed: null } }), 'notification: Hello');
    assert.equal(eventLine({ type: 'notification', notification: { ...notification, suppressed: 'quiet-hours' } }), 'notification not shown (quiet-hours): Hello');
  });

  it("logs an administrator's action on one line, however many lines its output had", () => {
    const run = { state: 'succeeded' as const, headline: 'Succeeded', detail: 'Synced 3 files\n  to the server', at: '2025-01-01T00:00:00.000Z' };
    assert.equal(eventLine({ type: 'action', actionId: 'sync', label: 'Sync now', run }), 'action sync (Sync now): Succeeded — Synced 3 files | to the server');
    assert.equal(eventLine({ type: 'action', actionId: 'sync', label: 'Sync now', run: { ...run, state: 'running', headline: 'Running…', detail: '' } }), 'action sync (Sync now): Running…');
  });

  it('logs the service stopping, shutdown requests and problems', () => {
    assert.equal(eventLine({ type: 'service-stopping', restarting: true }), 'service is restarting');
    assert.equal(eventLine({ type: 'shutdown', reason: 'service-stop' }), 'shutdown requested by the service (service-stop)');
    assert.equal(eventLine({ type: 'problem', message: 'bad event' }), 'problem: bad event');
  });
});
