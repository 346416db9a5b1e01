import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigSchema, formatIssues, trayView, TrayActionSchema, TrayViewSchema } from '../src/index.js';

const minimal = { id: 'repair', label: 'Repair network', program: 'C:\\Program Files\\Contoso\\repair.exe' };

function problem(action: Record<string, unknown>): string {
  const parsed = TrayActionSchema.safeParse(action);
  assert.equal(parsed.success, false, `expected ${JSON.stringify(action)} to be refused`);
  return parsed.success ? '' : formatIssues(parsed.error);
}

describe('TrayActionSchema', () => {
  it('fills bounded defaults: no description or question, no arguments, as the user, one minute, ten seconds apart', () => {
    assert.deepEqual(TrayActionSchema.parse(minimal), {
      ...minimal,
      description: '',
      confirmation: null,
      args: [],
      runAs: 'user',
      timeLimitMs: 60_000,
      cooldownMs: 10_000,
    });
  });

  it('takes absolute programs of Windows and of POSIX', () => {
    for (const program of ['C:\\Windows\\System32\\ipconfig.exe', 'd:/tools/sync.exe', '/usr/local/bin/repair', '/opt/contoso/bin/sync-now']) {
      assert.equal(TrayActionSchema.safeParse({ ...minimal, program }).success, true, program);
    }
  });

  it('refuses relative, UNC, dotted and NUL-bearing programs, naming the field', () => {
    for (const program of ['repair.exe', 'bin/repair', '.\\repair.exe', '\\\\server\\share\\repair.exe', '//server/share/repair', 'C:repair.exe', '/opt/../tmp/x', 'C:\\tools\\.\\x.exe', '/bin/sh\0', '']) {
      assert.match(problem({ ...minimal, program }), /^program: expected the absolute path of a program/, JSON.stringify(program));
    }
  });

  it('bounds everything an administrator types', () => {
    assert.match(problem({ ...minimal, id: 'Repair Network' }), /^id: expected an id of lower-case letters/);
    assert.match(problem({ ...minimal, args: Array.from({ length: 33 }, () => 'x') }), /^args: /);
    assert.match(problem({ ...minimal, args: ['ok', 'nul\0'] }), /^args\.1: an argument cannot hold a NUL character/);
    assert.match(problem({ ...minimal, runAs: 'administrator' }), /^runAs: /);
    assert.match(problem({ ...minimal, timeLimitMs: 500 }), /^timeLimitMs: /);
    assert.match(problem({ ...minimal, timeLimitMs: 3_600_001 }), /^timeLimitMs: /);
    assert.match(problem({ ...minimal, cooldownMs: 0 }), /^cooldownMs: /);
    assert.match(problem({ ...minimal, shell: true }), /shell/);
  });

  it('refuses two actions with the same id in the tray', () => {
    const parsed = ConfigSchema.safeParse({ tray: { actions: [minimal, { ...minimal, label: 'Again' }] } });
    assert.equal(parsed.success, false);
    assert.match(parsed.success ? '' : formatIssues(parsed.error), /^tray\.actions\.1\.id: the id `repair` is used twice/);
  });
});

describe('trayView', () => {
  it('gives the tray id, label, description and confirmation, and nothing of the program or its arguments', () => {
    const tray = ConfigSchema.parse({
      tray: { actions: [{ ...minimal, description: 'Resets the adapter.', confirmation: 'Your connection drops for a minute. Go on?', args: ['--token', 'tok-42'], runAs: 'system' }] },
    }).tray;
    const view = trayView(tray);
    assert.deepEqual(view.actions, [{ id: 'repair', label: 'Repair network', description: 'Resets the adapter.', confirmation: 'Your connection drops for a minute. Go on?' }]);
    assert.doesNotMatch(JSON.stringify(view), /repair\.exe|tok-42|system|timeLimit|cooldown/);
    assert.deepEqual(TrayViewSchema.parse(view), view, 'what the agent validates');
  });
});
