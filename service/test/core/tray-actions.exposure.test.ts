/**
 * What a session's user learns of the tray actions: every byte the service sends over a user
 * connection (settings, events, status, errors, the diagnostics archive's path) and the archive
 * itself must hold no action's program or arguments, not even the platform's words about them;
 * an administrator gets all of it.
 */
import assert from 'node:assert/strict';
import type { Duplex } from 'node:stream';
import { describe, it } from 'node:test';
import { commands, events, PRODUCT, RpcClient, SocketConnector, socketAddress, TandemError, type Commands, type Connector, type Events } from '@tandem/shared';
import { FakeActionRunner } from './fakes.js';
import { startHarness, type Harness } from './service-harness.js';
import { until } from './until.js';
import { readZip } from './zip-reader.js';

const PROGRAM = '/opt/contoso/secret-tool-7f3a';
const ARGUMENT = 'tok-5ecret-arg';
const POLICY_PROGRAM = '/opt/elsewhere/writable-9c1d';
const SECRETS = /secret-tool|tok-5ecret|writable-9c1d|\/opt\//;

/** A user connection that keeps a copy of every byte the service sends it. */
async function tappedUser(h: Harness, sessionId: number): Promise<{ client: RpcClient<Commands, Events>; wire: () => string }> {
  const chunks: Buffer[] = [];
  const inner = new SocketConnector(socketAddress(h.runtimeDir, `agent-${sessionId}`));
  const connector: Connector = {
    address: inner.address,
    connect: async (): Promise<Duplex> => {
      const stream = await inner.connect();
      stream.on('data', (chunk: Buffer) => void chunks.push(chunk));
      return stream;
    },
  };
  const client = await RpcClient.connect<Commands, Events>({ connector, commands, events, role: 'user', client: 'tap/1', product: PRODUCT });
  return { client, wire: () => Buffer.concat(chunks).toString('utf8') };
}

describe('tray actions as a user sees them', () => {
  it('never sends a user the program or its arguments: settings, events, status, errors, the diagnostics archive', async () => {
    const runner = new FakeActionRunner();
    runner.refused.set(POLICY_PROGRAM, new TandemError('E_FORBIDDEN', `the program ${POLICY_PROGRAM} cannot be used: it can be changed by other accounts`));
    const policyActions = [{ id: 'from-policy', label: 'From policy', program: POLICY_PROGRAM }];
    const h = await startHarness({ actions: runner, policy: { read: async () => ({ values: { 'tray.actions': policyActions }, problems: [] }) } });
    try {
      h.sessions.logon(1, 'alice');
      await h.service.adopted;
      await until(() => h.service.status().sessions.length === 1, 'the session');
      const { client: user, wire } = await tappedUser(h, 1);
      const finished: string[] = [];
      user.on('action.finished', (end) => void finished.push(end.outcome));
      const admin = await h.admin();
      const action = { id: 'secret', label: 'Secret', description: 'Does a thing', program: PROGRAM, args: ['--token', ARGUMENT], runAs: 'system', cooldownMs: 1_000 };
      await admin.call('config.set', { key: 'tray.actions', value: [action] });

      const { tray } = await user.call('agent.settings', {});
      assert.deepEqual(tray.actions, [{ id: 'secret', label: 'Secret', description: 'Does a thing', confirmation: null }]);
      const status = await user.call('status', {});
      assert.equal(status.config.problems.length, 1);
      assert.match(status.config.problems[0] ?? '', /^policy: tray\.actions ignored: an action's program cannot be used/);
      runner.refused.set(PROGRAM, new TandemError('E_FORBIDDEN', `the program ${PROGRAM} cannot be used: /opt can be changed by other accounts`));
      await assert.rejects(user.call('agent.action', { id: 'secret' }), { code: 'E_FORBIDDEN' });
      runner.refused.delete(PROGRAM);
      await user.call('agent.action', { id: 'secret' });
      await until(() => runner.runs.length === 1, 'the run');
      runner.runs[0]?.finish({ outcome: 'failed-to-start', exitCode: null, error: `cannot start ${PROGRAM} --token ${ARGUMENT}: EACCES` });
      await until(() => finished.length === 2, 'the refusal and the end');
      const archive = await user.call('diagnostics.collect', {});

      assert.match(wire(), /Does a thing/, 'the tap saw what the service sent');
      assert.doesNotMatch(wire(), SECRETS);
      const entries = readZip(archive.path);
      assert.ok(entries.size > 0);
      for (const [name, data] of entries) assert.doesNotMatch(data.toString(), SECRETS, name);
      assert.match(entries.get('logs/tandem.log')?.toString() ?? '', /tray action finished/, "the user's archive has their runs' lines");

      // The same service tells an administrator everything: the test above could fail.
      assert.match(JSON.stringify(await admin.call('status', {})), new RegExp(`policy: tray\\.actions ignored: action \`from-policy\`: the program ${POLICY_PROGRAM}`));
      assert.match(JSON.stringify(await admin.call('actions.list', {})), new RegExp(ARGUMENT));
      assert.match(JSON.stringify(await admin.call('actions.history', {})), new RegExp(`cannot start ${PROGRAM}`));
      user.close();
      admin.close();
    } finally {
      await h.stop();
    }
  });
});

describe('tray action definitions', () => {
  it('refuses config.set of an action whose program the platform refuses, naming the path; the rest of the configuration stays', async () => {
    const runner = new FakeActionRunner();
    const bad = '/srv/shared/run-me';
    runner.refused.set(bad, new TandemError('E_FORBIDDEN', `the program ${bad} cannot be used: /srv/shared can be changed by other accounts`));
    const h = await startHarness({ actions: runner });
    try {
      const admin = await h.admin();
      const good = { id: 'good', label: 'Good', program: '/usr/local/bin/good' };
      await admin.call('config.set', { key: 'tray.actions', value: [good] });
      await assert.rejects(admin.call('config.set', { key: 'tray.actions', value: [good, { id: 'bad', label: 'Bad', program: bad }] }), {
        code: 'E_FORBIDDEN',
        message: `config.set: tray.actions: action \`bad\`: the program ${bad} cannot be used: /srv/shared can be changed by other accounts`,
      });
      await assert.rejects(admin.call('config.set', { key: 'tray', value: { actions: [{ id: 'bad', label: 'Bad', program: bad }] } }), { code: 'E_FORBIDDEN', message: /^config\.set: tray\.actions: action `bad`/ });
      assert.deepEqual(
        (await admin.call('config.get', {})).config.tray.actions.map((action) => action.id),
        ['good'],
      );
      // Changing something else does not check the programs again.
      const checks = runner.checked.length;
      await admin.call('config.set', { key: 'tray.supportText', value: 'call 555' });
      assert.equal(runner.checked.length, checks);
      admin.close();
    } finally {
      await h.stop();
    }
  });
});
