import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ActionRunView, StateKind, StatusView } from '../../src/bridge/status-view.js';
import { ActionRuns } from '../../src/core/action-runs.js';
import { buildStatusView } from '../../src/core/status-view-model.js';
import { CONTENT_SECURITY_POLICY } from '../../src/electron/content-security-policy.js';
import { stateOf, trayWithExtras } from '../core/fixtures.js';
import { sampleStatus } from '../support/stub-service.js';
import { startPageServer, type PageServer } from './status-page-server.js';
import { testBridgeScript } from './test-bridge.js';

const ENSURE_CHROMIUM = fileURLToPath(new URL('../../../../scripts/ensure-chromium.mjs', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../../../artifacts/screenshots/', import.meta.url));
/** Without these Chromium opens connections of its own at every start (docs/test-environment.md). */
const CHROMIUM_FLAGS = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const notifications: StatusView['notifications'] = [
  { id: 'n3', title: 'Maintenance tonight', body: 'Save your work by 18:00; computers restart at 22:00.', level: 'warning', at: '2025-03-04T16:30:00.000Z', suppressed: null },
  { id: 'n2', title: 'Backup failed', body: 'The nightly backup of your documents did not finish.', level: 'error', at: '2025-03-04T07:10:00.000Z', suppressed: null },
  { id: 'n1', title: 'Welcome to Tandem', body: '', level: 'info', at: '2025-03-03T23:05:00.000Z', suppressed: 'quiet-hours' },
];

function viewOf(kind: StateKind): StatusView {
  const online = kind === 'connected' || kind === 'attention' || kind === 'version-mismatch';
  return buildStatusView({
    agentVersion: '0.1.0',
    state: stateOf[kind],
    tray: trayWithExtras,
    status: online ? sampleStatus() : null,
    notifications: kind === 'connecting' ? [] : notifications,
  });
}

const KINDS: readonly StateKind[] = ['connected', 'connecting', 'unavailable', 'version-mismatch', 'attention'];

/** The latest run of "Sync now" as the core words it, from the service's events. */
function syncRun(state: 'running' | 'succeeded' | 'failed'): ActionRunView {
  const runs = new ActionRuns();
  const run = { runId: 'r1', actionId: 'sync-now', label: 'Sync now', sessionId: 1 };
  const view = runs.started({ ...run, by: 'user', startedAt: '2025-03-04T16:40:00.000Z' });
  if (state === 'running') return view;
  const end = { ...run, reason: null, outputBytes: 120, durationMs: 4_200, finishedAt: '2025-03-04T16:40:04.000Z' };
  return state === 'succeeded'
    ? runs.finished({ ...end, outcome: 'succeeded', exitCode: 0, summary: 'Synced 3 files to \\\\files\\alice.' })
    : runs.finished({ ...end, outcome: 'failed', exitCode: 3, summary: 'The file server did not answer.\nNothing was copied.' });
}

function viewWithRun(state: 'running' | 'succeeded' | 'failed'): StatusView {
  const run = syncRun(state);
  return buildStatusView({
    agentVersion: '0.1.0',
    state: stateOf.connected,
    tray: trayWithExtras,
    status: sampleStatus(),
    notifications,
    runs: (actionId) => (actionId === 'sync-now' ? run : null),
  });
}

describe('status window in headless Chromium', () => {
  let browser: Browser;
  let server: PageServer;

  before(async () => {
    // Installs Debian's chromium when it is missing (as root); fails with what to do otherwise.
    const executablePath = execFileSync(process.execPath, [ENSURE_CHROMIUM], { encoding: 'utf8' }).trim();
    server = await startPageServer();
    browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens the page with a test bridge serving `view`; collects the page's errors. */
  async function open(view: StatusView, colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ colorScheme, locale: 'en-US', timezoneId: 'UTC', viewport: { width: 560, height: 760 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript({ content: testBridgeScript(view) });
    const response = await page.goto(`${server.origin}/index.html`);
    assert.equal(response?.headers()['content-security-policy'], CONTENT_SECURITY_POLICY);
    await page.waitForSelector('body[data-ready="true"]');
    return { page, errors };
  }

  const close = (page: Page) => page.context().close();

  /** What has focus: the button's command key, or the tag name. */
  const focused = (page: Page) => page.evaluate<string>("document.activeElement?.dataset?.key ?? document.activeElement?.tagName ?? ''");

  for (const kind of KINDS) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`renders the ${kind} state (${scheme})`, async () => {
        const view = viewOf(kind);
        const { page, errors } = await open(view, scheme);
        assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), view.state.headline);
        assert.equal(await page.locator('#state').getAttribute('data-kind'), kind);
        assert.equal(await page.locator('#detail').textContent(), view.state.detail);
        assert.equal(await page.locator('#problems li').count(), view.state.problems.length);
        assert.equal(await page.locator('#problems').isVisible(), kind === 'attention');
        const serviceText = await page.getByRole('region', { name: 'Service' }).textContent();
        if (view.service === null) assert.match(serviceText ?? '', /Not connected/);
        else assert.match(serviceText ?? '', new RegExp(`tandem ${view.service.version.replaceAll('.', '\\.')}.*Console mode.*1 h 2 min`));
        assert.equal(await page.locator('#notifications li:not(.empty)').count(), view.notifications.length);
        // Buttons that need the service are marked disabled exactly when it is away.
        const sync = page.getByRole('button', { name: 'Sync now' });
        assert.equal(await sync.getAttribute('aria-disabled'), kind === 'connecting' || kind === 'unavailable' ? 'true' : null);
        await page.screenshot({ path: `${SCREENSHOTS}status-window-${kind}-${scheme}.png`, fullPage: true });
        assert.deepEqual(errors, []);
        await close(page);
      });
    }
  }

  for (const state of ['running', 'succeeded', 'failed'] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`shows an action ${state} in words and in its description, disabled only while it runs (${scheme})`, async () => {
        const view = viewWithRun(state);
        const run = view.actions.find((action) => action.command.type === 'run-action')?.run;
        assert.ok(run !== undefined && run !== null);
        const { page, errors } = await open(view, scheme);
        const line = page.locator(`.run[data-state="${state}"]`);
        assert.equal(await line.count(), 1);
        assert.equal(await line.locator('.run-badge').textContent(), run.headline);
        assert.equal((await line.locator('.run-detail').count()) > 0 ? await line.locator('.run-detail').textContent() : '', run.detail);
        const sync = page.getByRole('button', { name: 'Sync now' });
        assert.equal(await sync.getAttribute('aria-disabled'), state === 'running' ? 'true' : null);
        const parts = await Promise.all(((await sync.getAttribute('aria-describedby')) ?? '').split(' ').map((id) => page.locator(`#${id}`).textContent()));
        const description = parts.join(' ');
        assert.match(description, new RegExp(run.headline.replace('…', '.')));
        await page.screenshot({ path: `${SCREENSHOTS}status-window-action-${state}-${scheme}.png`, fullPage: true });
        assert.deepEqual(errors, []);
        await close(page);
      });
    }
  }

  it('follows the system theme', async () => {
    const background = async (scheme: 'light' | 'dark') => {
      const { page } = await open(viewOf('connected'), scheme);
      const colour = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
      await close(page);
      return colour;
    };
    assert.equal(await background('light'), 'rgb(246, 247, 249)');
    assert.equal(await background('dark'), 'rgb(22, 24, 28)');
  });

  it('reaches every action with Tab, in order, and nothing else', async () => {
    const view = viewOf('connected');
    const { page } = await open(view);
    const keys: string[] = [];
    for (let i = 0; i < view.actions.length; i++) {
      await page.keyboard.press('Tab');
      keys.push(await focused(page));
    }
    assert.deepEqual(keys, [
      'open-link:https://help.example.com/',
      'open-link:mailto:support@example.com',
      'run-action:sync-now',
      'collect-diagnostics',
      'refresh',
      'quit',
    ]);
    await page.keyboard.press('Tab');
    assert.notEqual(await focused(page), 'open-link:https://help.example.com/', 'focus left the actions after the last one');
    await close(page);
  });

  it('performs the focused action on Enter and on Space, and says how it went', async () => {
    const { page } = await open(viewOf('connected'));
    await page.getByRole('button', { name: 'Sync now' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Refresh status' }).focus();
    await page.keyboard.press('Space');
    await page.waitForFunction('window.__performed.length === 2');
    assert.deepEqual(await page.evaluate<unknown>('window.__performed'), [{ type: 'run-action', id: 'sync-now' }, { type: 'refresh' }]);
    assert.equal(await page.locator('#outcome').textContent(), 'Test bridge performed refresh.');
    assert.equal(await page.locator('#outcome').getAttribute('role'), 'status');
    await close(page);
  });

  it('keeps disabled actions reachable, and says why instead of acting', async () => {
    const { page } = await open(viewOf('unavailable'));
    const diagnostics = page.getByRole('button', { name: 'Collect diagnostics' });
    await diagnostics.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#outcome').textContent(), 'Needs a connection to the Tandem service.');
    assert.deepEqual(await page.evaluate<unknown>('window.__performed'), []);
    // Quit and links still work while the service is away.
    await page.getByRole('button', { name: 'Quit Tandem' }).press('Enter');
    await page.waitForFunction('window.__performed.length === 1');
    await close(page);
  });

  it('gives screen readers names, descriptions, regions and a live status', async () => {
    const view = viewOf('attention');
    const { page } = await open(view);
    for (const action of view.actions) {
      const button = page.getByRole('button', { name: action.label, exact: true });
      assert.equal(await button.count(), 1, action.label);
      const describedBy = await button.getAttribute('aria-describedby');
      assert.equal(await page.locator(`#${describedBy ?? 'missing'}`).textContent(), action.hint);
    }
    for (const region of ['Actions', 'Recent notifications', 'Service', 'This session', 'Settings']) {
      assert.equal(await page.getByRole('region', { name: region }).count(), 1, region);
    }
    for (const group of ['From your administrator', 'Service', 'Tandem']) {
      assert.equal(await page.getByRole('group', { name: group }).count(), 1, group);
    }
    const live = page.locator('#state');
    assert.equal(await live.getAttribute('role'), 'status');
    assert.equal(await live.getAttribute('aria-live'), 'polite');
    assert.equal(await page.getByRole('list', { name: 'Problems' }).count(), 1);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    const snapshot = await page.locator('body').ariaSnapshot();
    assert.match(snapshot, /heading "Tandem needs attention" \[level=1\]/);
    assert.match(snapshot, /button "Sync now"/);
    await close(page);
  });

  it('redraws when the main process sends a new view, keeping the keyboard focus', async () => {
    const { page } = await open(viewOf('connected'));
    await page.getByRole('button', { name: 'Collect diagnostics' }).focus();
    await page.evaluate(`window.__setView(${JSON.stringify(viewOf('unavailable'))})`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Tandem service unavailable');
    assert.equal(await page.getByRole('button', { name: 'Collect diagnostics' }).getAttribute('aria-disabled'), 'true');
    assert.equal(await focused(page), 'collect-diagnostics');
    await close(page);
  });

  it('runs under the CSP: no HTML parsed into the page, no inline script or style', async () => {
    const { page, errors } = await open(viewOf('connected'));
    // Test code runs through the DevTools protocol, which the CSP does not govern (eval works
    // there); what it governs is what the page's DOM does with the strings it is given.
    const attempts = await page.evaluate<string[]>(`(() => {
      const results = [];
      const violations = [];
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
      try { document.body.innerHTML = '<img src=x onerror="window.__pwned = 1">'; results.push('innerHTML ran'); } catch (error) { results.push(error.name); }
      try { const s = document.createElement('script'); s.textContent = 'window.__pwned = 1'; document.body.append(s); results.push('script ran'); } catch (error) { results.push(error.name); }
      const probe = document.createElement('p');
      probe.setAttribute('style', 'color: rgb(255, 0, 0)');
      document.body.append(probe);
      results.push(getComputedStyle(probe).color === 'rgb(255, 0, 0)' ? 'inline style applied' : 'inline style blocked');
      results.push(String(window.__pwned));
      return new Promise((resolve) => setTimeout(() => resolve([...results, ...new Set(violations)]), 50));
    })()`);
    assert.deepEqual(attempts, ['TypeError', 'TypeError', 'inline style blocked', 'undefined', 'require-trusted-types-for', 'style-src-attr']);
    // The page's own script and styles loaded without a violation; the ones above were ours.
    assert.deepEqual(errors.filter((error) => !/'Trusted(HTML|Script)' assignment|style-src|inline style/i.test(error)), []);
    await close(page);
  });
});
