import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AgentShell } from '../../src/core/agent-shell.js';
import { dispatchCommand } from '../../src/core/command-dispatcher.js';
import { AgentHarness } from './agent-harness.js';
import { startedReply, until } from '../support/stub-service.js';
import { trayWithExtras } from './fixtures.js';

/** A shell that writes down what it was asked, with what the service had received by then. */
class RecordingShell implements AgentShell {
  readonly log: string[] = [];
  failOpen = false;
  /** What the user answers an action's confirmation. */
  confirmAnswer = true;
  constructor(private readonly serviceCalls: readonly string[]) {}
  openStatusWindow(): void {
    this.log.push('window');
  }
  async openExternal(url: string): Promise<void> {
    if (this.failOpen) throw new Error('no handler for mailto');
    this.log.push(`open ${url}`);
  }
  exit(): void {
    this.log.push(`exit after ${this.serviceCalls.at(-1) ?? 'nothing'}`);
  }
  async confirm(title: string, question: string): Promise<boolean> {
    this.log.push(`confirm ${title}: ${question}`);
    return this.confirmAnswer;
  }
}

describe('command dispatcher', () => {
  let harness: AgentHarness;
  let shell: RecordingShell;
  beforeEach(async () => {
    harness = new AgentHarness();
    harness.service.tray = trayWithExtras;
    shell = new RecordingShell(harness.service.calls);
    await harness.connect();
  });
  afterEach(() => harness.dispose());

  it('opens the status window and configured links through the shell', async () => {
    assert.deepEqual(await dispatchCommand({ type: 'open-status' }, harness.core, shell), { ok: true, message: 'Status window opened.' });
    assert.deepEqual(await dispatchCommand({ type: 'open-link', url: 'https://help.example.com/' }, harness.core, shell), {
      ok: true,
      message: 'Opened https://help.example.com/.',
    });
    assert.deepEqual(shell.log, ['window', 'open https://help.example.com/']);
  });

  it('says when a link cannot be opened', async () => {
    shell.failOpen = true;
    assert.deepEqual(await dispatchCommand({ type: 'open-link', url: 'mailto:support@example.com' }, harness.core, shell), {
      ok: false,
      message: 'Could not open mailto:support@example.com: no handler for mailto',
    });
  });

  it('refuses what is not configured without touching the shell or the service', async () => {
    const before = harness.service.calls.length;
    assert.deepEqual(await dispatchCommand({ type: 'open-link', url: 'https://evil.example/' }, harness.core, shell), {
      ok: false,
      message: 'Refused: E_FORBIDDEN: the link "https://evil.example/" is not in the tray configuration',
    });
    assert.deepEqual(await dispatchCommand({ type: 'run-action', id: 'rm-rf' }, harness.core, shell), {
      ok: false,
      message: 'Refused: E_FORBIDDEN: the action "rm-rf" is not in the tray configuration',
    });
    assert.deepEqual(await dispatchCommand('quit', harness.core, shell), { ok: false, message: 'Refused: E_INVALID_PARAMS: Expected a command object, got `quit` (string)' });
    assert.deepEqual(shell.log, []);
    assert.equal(harness.service.calls.length, before);
  });

  it('runs service commands through the core', async () => {
    assert.deepEqual(await dispatchCommand({ type: 'run-action', id: 'sync-now' }, harness.core, shell), {
      ok: true,
      message: 'Sync now started; you will be told when it ends.',
    });
    assert.deepEqual(await dispatchCommand({ type: 'refresh' }, harness.core, shell), { ok: true, message: 'Status updated.' });
    assert.equal((await dispatchCommand({ type: 'collect-diagnostics' }, harness.core, shell)).ok, true);
    assert.deepEqual(harness.service.calls.slice(-3), ['agent.action:sync-now', 'status', 'diagnostics.collect']);
  });

  it("asks the administrator's question before an action that has one, and sends nothing when the user declines", async () => {
    const question = 'Your connection drops for a minute. Go on?';
    harness.service.emit('config.changed', { tray: { ...trayWithExtras, actions: [{ id: 'repair', label: 'Repair network', description: '', confirmation: question }] } });
    await until(() => harness.core.tray.actions[0]?.id === 'repair', 'the new action');
    shell.confirmAnswer = false;
    assert.deepEqual(await dispatchCommand({ type: 'run-action', id: 'repair' }, harness.core, shell), { ok: false, message: 'Repair network: not run.' });
    assert.equal(harness.service.calls.includes('agent.action:repair'), false);
    shell.confirmAnswer = true;
    harness.service.actionReply = startedReply('repair', 'Repair network');
    assert.deepEqual(await dispatchCommand({ type: 'run-action', id: 'repair' }, harness.core, shell), {
      ok: true,
      message: 'Repair network started; you will be told when it ends.',
    });
    assert.equal(harness.service.calls.at(-1), 'agent.action:repair');
    assert.deepEqual(shell.log, [`confirm Repair network: ${question}`, `confirm Repair network: ${question}`]);
  });

  it('tells the service before it exits on quit', async () => {
    const outcome = await dispatchCommand({ type: 'quit' }, harness.core, shell);
    assert.equal(outcome.ok, true);
    assert.deepEqual(shell.log, ['exit after agent.quit']);
  });
});
