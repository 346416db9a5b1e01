import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { TandemError } from '@tandem/shared';
import { sampleStatus, SESSION_ID, until } from '../support/stub-service.js';
import { AgentHarness } from './agent-harness.js';
import { trayWithExtras } from './fixtures.js';

describe('AgentCore against a real RpcServer', () => {
  let harness: AgentHarness;
  beforeEach(() => {
    harness = new AgentHarness();
  });
  afterEach(() => harness.dispose());

  it('connects, reads its settings and the status, and reports connected', async () => {
    harness.service.tray = trayWithExtras;
    await harness.connect();
    const state = harness.core.state;
    assert.equal(state.kind, 'connected');
    assert.deepEqual(state.kind === 'connected' && state.link, { product: 'tandem/0.1.0', service: { name: 'tandem', version: '0.1.0' }, sessionId: SESSION_ID });
    await until(() => harness.core.tray.supportText === trayWithExtras.supportText, 'the settings');
    assert.deepEqual(harness.core.tray, trayWithExtras);
    const view = harness.core.view();
    assert.deepEqual(view.session, { id: SESSION_ID, user: 'alice', agentState: 'running', pid: 5151, restarts: 0 });
    assert.equal(harness.of('state').at(-1)?.state.kind, 'connected');
  });

  it('needs attention when the service reports configuration problems', async () => {
    harness.service.status = sampleStatus({ config: { source: 'defaults', problems: ['config.json: unexpected token'], enforced: [] } });
    await harness.connect();
    await until(() => harness.core.state.kind === 'attention', 'attention');
    assert.deepEqual(harness.core.view().state.problems, ['Configuration: config.json: unexpected token']);
  });

  it('passes notifications through the policy and keeps them, newest first', async () => {
    await harness.connect();
    const at = new Date().toISOString();
    harness.service.emit('notify', { id: 'a', title: 'Patch tonight', body: 'Save your work by 18:00.', level: 'warning', at });
    harness.service.emit('notify', { id: 'a', title: 'Patch tonight', body: 'Save your work by 18:00.', level: 'warning', at });
    harness.service.emit('notify', { id: 'b', title: 'Patched', body: '', level: 'info', at });
    await until(() => harness.of('notification').length === 3, 'three notifications');
    assert.deepEqual(
      harness.of('notification').map(({ notification }) => [notification.id, notification.suppressed]),
      [
        ['a', null],
        ['a', 'duplicate'],
        ['b', null],
      ],
    );
    assert.deepEqual(
      harness.core.notifications.map((entry) => entry.id),
      ['b', 'a', 'a'],
    );
  });

  it('applies a configuration change at once, to the menu and to the policy', async () => {
    await harness.connect();
    const tray = { ...trayWithExtras, notificationsPerMinute: 1, quietHours: null };
    harness.service.emit('config.changed', { tray });
    await until(() => harness.of('config-changed').length === 1, 'the change');
    assert.deepEqual(harness.core.tray, tray);
    assert.ok(harness.core.view().actions.some((action) => action.label === 'Sync now'));
    const at = new Date().toISOString();
    harness.service.emit('notify', { id: 'x', title: 'One', body: '', level: 'info', at });
    harness.service.emit('notify', { id: 'y', title: 'Two', body: '', level: 'info', at });
    await until(() => harness.of('notification').length === 2, 'two notifications');
    assert.deepEqual(
      harness.of('notification').map(({ notification }) => notification.suppressed),
      [null, 'rate-limited'],
    );
  });

  it('reports the service asking it to shut down', async () => {
    await harness.connect();
    harness.service.emit('agent.shutdown', { reason: 'logoff' });
    await until(() => harness.of('shutdown').length === 1, 'the shutdown');
    assert.deepEqual(harness.of('shutdown')[0], { type: 'shutdown', reason: 'logoff' });
  });

  it('says the service is restarting when it announces it, then reconnects', async () => {
    await harness.connect();
    harness.service.emit('service.stopping', { restarting: true });
    await until(() => harness.core.state.kind === 'connecting', 'connecting');
    assert.equal(harness.core.view().state.detail, 'Last attempt: the service is restarting. Trying again automatically.');
    await harness.service.stop();
    await harness.service.start();
    await until(() => harness.core.state.kind === 'connected', 'reconnected');
  });

  it('shows a version mismatch with a service of another minor version, and still receives notifications', async () => {
    await harness.service.start({ product: 'tandem/0.2.0' });
    harness.core.start();
    await until(() => harness.core.state.kind === 'version-mismatch', 'the mismatch');
    assert.equal(harness.core.view().state.detail, 'The service is version 0.2.0 and this tray is version 0.1.0. Messages still arrive; ask your administrator to complete the update.');
    harness.service.emit('notify', { id: 'n', title: 'Still here', body: '', level: 'info', at: new Date().toISOString() });
    await until(() => harness.of('notification').length === 1, 'the notification');
  });

  it('refuses a server that is not the Tandem service, and ignores what it sends', async () => {
    await harness.service.start({ product: 'impostor/1.0.0' });
    harness.core.start();
    await until(() => harness.core.state.kind === 'unavailable', 'unavailable');
    const state = harness.core.state;
    assert.equal(
      state.kind === 'unavailable' && state.lastError,
      `refused the server at ${harness.service.address}: the server calls itself \`impostor/1.0.0\`, not the Tandem service`,
    );
    harness.service.emit('notify', { id: 'evil', title: 'Click here', body: '', level: 'info', at: new Date().toISOString() });
    assert.equal((await harness.core.refresh()).ok, false);
    assert.deepEqual(harness.service.calls, []);
    assert.deepEqual(harness.of('notification'), []);
  });

  it('waits out its backoff before trying a refused server again, instead of hammering it', async () => {
    // ReconnectingClient resets its backoff after a handshake; the link must not let a refusal do that.
    const patient = new AgentHarness(SESSION_ID, { initialMs: 60_000, maxMs: 60_000, jitter: 0 });
    // The control retries every 10 ms: by the time it has come back five times, an agent that
    // ignored its backoff would have too, however slow the machine.
    const control = new AgentHarness(SESSION_ID, { initialMs: 10, maxMs: 10, jitter: 0 });
    try {
      await patient.service.start({ product: 'impostor/1.0.0' });
      await control.service.start({ product: 'impostor/1.0.0' });
      patient.core.start();
      control.core.start();
      await until(() => patient.core.state.kind === 'unavailable', 'unavailable');
      await until(() => control.service.handshakes >= 5, 'the control to retry five times');
      assert.equal(patient.service.handshakes, 1);
    } finally {
      await patient.dispose();
      await control.dispose();
    }
  });

  it('refuses an endpoint bound to another session', async () => {
    await harness.service.start({ sessionId: SESSION_ID + 1 });
    harness.core.start();
    await until(() => harness.core.state.kind === 'unavailable', 'unavailable');
    const state = harness.core.state;
    assert.match(state.kind === 'unavailable' ? state.lastError : '', /bound the connection to session 2, but this agent runs in session 1$/);
  });

  it('runs actions and collects diagnostics through the service', async () => {
    await harness.connect();
    assert.deepEqual(await harness.core.runAction('sync-now'), { ok: true, message: 'Sync now started; you will be told when it ends.' });
    harness.service.actionReply = new TandemError('E_CONFLICT', 'Sync now is already running in this session; wait for it to finish');
    assert.deepEqual(await harness.core.runAction('sync-now'), {
      ok: false,
      message: 'The action did not run: E_CONFLICT: Sync now is already running in this session; wait for it to finish',
    });
    assert.deepEqual(await harness.core.collectDiagnostics(), {
      ok: true,
      message: 'Diagnostics saved to /tmp/tandem-diagnostics.zip (3 files, 20 KB).',
    });
    assert.deepEqual(harness.service.calls.slice(-3), ['agent.action:sync-now', 'agent.action:sync-now', 'diagnostics.collect']);
  });

  it("follows an administrator's action from its start to its end: the status window's state, one notification at the end", async () => {
    harness.service.tray = trayWithExtras;
    await harness.connect();
    await until(() => harness.core.tray.actions.length === 1, 'the actions');
    const run = { runId: 'r1', actionId: 'sync-now', label: 'Sync now', sessionId: SESSION_ID };
    const syncView = () => harness.core.view().actions.find((action) => action.label === 'Sync now');
    harness.service.emit('action.started', { ...run, by: 'user', startedAt: '2025-03-04T12:00:00.000Z' });
    await until(() => syncView()?.run?.state === 'running', 'running');
    assert.deepEqual([syncView()?.enabled, syncView()?.hint], [false, 'Running now; you will be told when it ends.']);
    // A second request refused meanwhile does not hide the run in progress.
    const end = { reason: null, summary: '', outputBytes: 0, durationMs: 0, finishedAt: '2025-03-04T12:00:01.000Z' };
    harness.service.emit('action.finished', { ...run, ...end, runId: 'r2', outcome: 'refused', exitCode: null, reason: 'Sync now is already running in this session; wait for it to finish' });
    harness.service.emit('action.finished', { ...run, ...end, outcome: 'failed', exitCode: 3, summary: 'disk full', outputBytes: 10, durationMs: 900 });
    await until(() => syncView()?.run?.state === 'failed', 'the end');
    assert.deepEqual(syncView()?.run, { state: 'failed', headline: 'Failed with exit code 3', detail: 'disk full', at: '2025-03-04T12:00:01.000Z' });
    assert.equal(syncView()?.enabled, true);
    assert.deepEqual(
      harness.of('notification').map(({ notification }) => [notification.id, notification.title, notification.body, notification.level, notification.suppressed]),
      [
        ['action:r2', 'Sync now was not run', 'Sync now is already running in this session; wait for it to finish', 'warning', null],
        ['action:r1', 'Sync now: failed with exit code 3', 'disk full', 'error', null],
      ],
    );
    assert.deepEqual(
      harness.of('action').map((event) => [event.actionId, event.run.state]),
      [
        ['sync-now', 'running'],
        ['sync-now', 'refused'],
        ['sync-now', 'failed'],
      ],
    );
  });

  it('forgets a run in progress when the connection drops: its end would not be told on the next one', async () => {
    harness.service.tray = trayWithExtras;
    await harness.connect();
    harness.service.emit('action.started', { runId: 'r1', actionId: 'sync-now', label: 'Sync now', sessionId: SESSION_ID, by: 'admin', startedAt: '2025-03-04T12:00:00.000Z' });
    const syncRun = () => harness.core.view().actions.find((action) => action.label === 'Sync now')?.run;
    await until(() => syncRun()?.state === 'running', 'running');
    assert.equal(syncRun()?.detail, 'Started by your administrator.');
    await harness.service.stop();
    await until(() => harness.core.state.kind === 'connecting', 'the drop');
    assert.equal(syncRun(), null);
  });

  it('says why a command cannot run while the service is away', async () => {
    harness.core.start();
    assert.deepEqual(await harness.core.runAction('sync-now'), {
      ok: false,
      message: 'The action did not run: E_UNAVAILABLE: not connected to the Tandem service',
    });
  });

  it('drops answers that arrive after it stopped, without reporting a problem', async () => {
    let release = (): void => undefined;
    harness.service.statusGate = new Promise((resolve) => (release = resolve));
    await harness.service.start();
    harness.core.start();
    await until(() => harness.service.calls.includes('status'), 'the status call');
    harness.core.stop();
    release();
    await until(() => harness.service.connections.length === 0, 'the connection to close');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(harness.of('problem'), []);
  });

  it('tells the service it quit, then stops for good', async () => {
    await harness.connect();
    const outcome = await harness.core.quit();
    assert.deepEqual(outcome, { told: true, message: 'quit; the service will not start the tray again in this session until the next sign-in' });
    assert.equal(harness.service.calls.at(-1), 'agent.quit');
    await until(() => harness.service.connections.length === 0, 'the connection to close');
    assert.equal((await harness.core.refresh()).ok, false);
  });

  it('quits even when the service cannot be told', async () => {
    harness.core.start();
    assert.deepEqual(await harness.core.quit(), { told: false, message: 'quit without telling the service: it is not reachable' });
  });
});
