import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { describeAuditEntry, type ConfigAuditEntry } from '../../src/core/audit-log.js';
import { startHarness } from './service-harness.js';

const alice = { id: 'S-1-5-21-1111-2222-3333-1001', name: 'CONTOSO\\alice' };

function auditEntries(dataDir: string): ConfigAuditEntry[] {
  return readFileSync(path.join(dataDir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ConfigAuditEntry);
}

describe('TandemService audit', () => {
  it('records the account the platform authenticated, not the name the client gives itself, and reports the change to the platform', async () => {
    const h = await startHarness({ adminAccount: alice });
    try {
      const admin = await h.admin('NT AUTHORITY\\SYSTEM pretending/1');
      await admin.call('config.set', { key: 'agents.stopTimeoutMs', value: 2500 });
      await admin.call('config.reset', {});
      admin.close();
      const [set, reset] = auditEntries(h.dataDir);
      assert.deepEqual(set?.caller.account, alice);
      assert.equal(set?.caller.client, 'NT AUTHORITY\\SYSTEM pretending/1', 'kept, as a claim');
      assert.deepEqual(reset?.caller.account, alice);
      assert.equal(h.record.configChanged.length, 2);
      assert.equal(
        h.record.configChanged[0],
        'Tandem configuration changed: config.set agents.stopTimeoutMs from 100 to 2500, by CONTOSO\\alice (S-1-5-21-1111-2222-3333-1001) through the admin endpoint (pid unknown, client says "NT AUTHORITY\\\\SYSTEM pretending/1").',
      );
      assert.match(h.record.configChanged[1] ?? '', /^Tandem configuration changed: config\.reset of the whole configuration, by CONTOSO\\alice \(S-1-5-21-1111-2222-3333-1001\)/);
      const log = readFileSync(path.join(h.dataDir, 'logs', 'tandem.log'), 'utf8');
      assert.ok(log.includes(JSON.stringify(h.record.configChanged[0]).slice(1, -1)), 'the same line is in the service log');
    } finally {
      await h.stop();
    }
  });

  it("in console mode, records the service's own user, whom the socket's permissions admit alone", async () => {
    const h = await startHarness();
    try {
      const admin = await h.admin('someone-else/1');
      await admin.call('config.set', { key: 'logging.retainFiles', value: 3 });
      admin.close();
      const me = os.userInfo();
      assert.deepEqual(auditEntries(h.dataDir)[0]?.caller.account, { id: String(me.uid), name: me.username });
      assert.match(h.record.configChanged[0] ?? '', new RegExp(`by ${me.username} \\(${me.uid}\\)`));
    } finally {
      await h.stop();
    }
  });
});

describe('describeAuditEntry', () => {
  const entry = (key: string | null, oldValue: unknown, newValue: unknown): ConfigAuditEntry => ({
    at: '2025-01-01T00:00:00.000Z',
    caller: { account: null, endpoint: 'admin', role: 'admin', pid: 7, client: 'x' },
    action: 'config.set',
    key,
    old: oldValue,
    new: newValue,
  });

  it('leaves out the values of secret keys, of groups holding one, and of whole-configuration changes', () => {
    const secrets = ['server.apiToken'];
    for (const key of ['server.apiToken', 'server']) assert.doesNotMatch(describeAuditEntry(entry(key, 'old-tok', 'new-tok'), secrets), /tok/);
    assert.doesNotMatch(describeAuditEntry(entry(null, { server: { apiToken: 'old-tok' } }, {}), secrets), /tok/);
    assert.match(describeAuditEntry(entry('server.url', 'a', 'b'), secrets), /from "a" to "b", by an account the platform could not identify through the admin endpoint \(pid 7/);
  });

  it('shortens long values', () => {
    const text = describeAuditEntry(entry('tray.supportText', '', 'x'.repeat(1000)), []);
    assert.ok(text.length < 400, text);
  });
});
