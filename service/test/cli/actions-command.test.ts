/**
 * `tandemctl actions …` and the user-role `--endpoint` mode, run in this process against the
 * service core (fake ActionRunner), so a test can end a run while tandemctl waits for it.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { runTandemctl } from '../../src/cli/tandemctl.js';
import { sessionEndpointAddress } from '../../src/cli/session-client.js';
import { FakeActionRunner } from '../core/fakes.js';
import { startHarness, type Harness } from '../core/service-harness.js';
import { until } from '../core/until.js';

const SYNC = { id: 'sync', label: 'Sync now', program: '/opt/contoso/bin/sync', args: ['--all'], runAs: 'system', description: 'Brings your files up to date.' };

function io(env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return { stdout, stderr, env, out: () => String(stdout.read() ?? ''), err: () => String(stderr.read() ?? '') };
}

async function withService(body: (h: Harness, runner: FakeActionRunner, env: NodeJS.ProcessEnv) => Promise<void>): Promise<void> {
  const runner = new FakeActionRunner();
  const h = await startHarness({ actions: runner });
  try {
    h.sessions.logon(1, 'alice');
    await h.service.adopted;
    await until(() => h.service.status().sessions.length === 1, 'the session');
    const admin = await h.admin();
    await admin.call('config.set', { key: 'tray.actions', value: [SYNC] });
    admin.close();
    await body(h, runner, { TANDEM_RUNTIME_DIR: h.runtimeDir });
  } finally {
    await h.stop();
  }
}

describe('tandemctl actions', () => {
  it('rejects bad arguments before connecting', async () => {
    const env = { TANDEM_RUNTIME_DIR: '/nonexistent' };
    await assert.rejects(runTandemctl(['actions'], io(env)), /^Error: usage: tandemctl actions list \| run <id>/);
    await assert.rejects(runTandemctl(['actions', 'run'], io(env)), /usage: tandemctl actions list/);
    await assert.rejects(runTandemctl(['actions', 'run', 'sync', '--session', 'two'], io(env)), /--session is a session id, a whole number, got `two`/);
    await assert.rejects(runTandemctl(['actions', 'history', '--limit', '500'], io(env)), /--limit is a whole number from 1 to 200, got `500`/);
    await assert.rejects(runTandemctl(['actions', 'list', '--session', '1'], io(env)), /--session: not for tandemctl actions list/);
    await assert.rejects(runTandemctl(['status', '--no-wait'], io(env)), /--no-wait: only for tandemctl actions/);
    await assert.rejects(runTandemctl(['--endpoint', '1', 'config', 'get'], io(env)), /usage: tandemctl --endpoint <address\|session> status \| actions list \| actions run <id>/);
    await assert.rejects(runTandemctl(['--endpoint', '1', 'actions', 'run', 'sync', '--session', '2'], io(env)), /--session and --limit are for administrators/);
    await assert.rejects(runTandemctl(['--endpoint', '1', '--address', '/x', 'status'], io(env)), /--address names the admin endpoint, --endpoint a session's: give one/);
  });

  it("runs an action as an administrator, waits for its end and prints the administrator's record; exit 0 only on success", async () => {
    await withService(async (_h, runner, env) => {
      const ctl = io(env);
      const running = runTandemctl(['actions', 'run', 'sync'], ctl);
      await until(() => runner.runs.length === 1, 'the run');
      runner.runs[0]?.finish({ exitCode: 0, output: 'Synced 3 files\n', outputBytes: 15, durationMs: 1_500 });
      assert.equal(await running, 0);
      assert.match(ctl.out(), /^Sync now \(sync\) started in session 1, run \S+\.\nSync now: succeeded after 1\.5 s, exit code 0; 15 bytes of output\.\nSynced 3 files\n$/);

      const failing = io(env);
      const failed = runTandemctl(['actions', 'run', 'sync', '--session', '1', '--json'], failing);
      await until(() => runner.runs.length === 2, 'the second run');
      runner.runs[1]?.finish({ outcome: 'failed-to-start', exitCode: null, error: 'cannot start /opt/contoso/bin/sync: ENOEXEC' });
      assert.equal(await failed, 1);
      const record = JSON.parse(failing.out()) as { outcome: string; reason: string; requester: { role: string } };
      assert.deepEqual([record.outcome, record.reason, record.requester.role], ['failed', 'cannot start /opt/contoso/bin/sync: ENOEXEC', 'admin']);

      const history = io(env);
      assert.equal(await runTandemctl(['actions', 'history', '--limit', '1'], history), 0);
      assert.match(history.out(), /^STARTED +RUN +ACTION +SESSION +BY +OUTCOME +EXIT +DURATION\n\S+ +\S+ +sync +1 +\S+ \(admin\) +failed +- +5 ms\n$/);
      const list = io(env);
      assert.equal(await runTandemctl(['actions', 'list'], list), 0);
      assert.match(list.out(), /^ID +LABEL +RUN AS +TIME LIMIT +COOLDOWN +PROGRAM\nsync +Sync now +system +60 s +10 s +\/opt\/contoso\/bin\/sync --all\n$/);
    });
  });

  it("runs an action as the session's user over its own endpoint, and lists what the tray shows", async () => {
    await withService(async (_h, runner, env) => {
      const list = io(env);
      assert.equal(await runTandemctl(['--endpoint', '1', 'actions', 'list'], list), 0);
      assert.equal(list.out(), 'ID    LABEL     ASKS FIRST  DESCRIPTION\nsync  Sync now  no          Brings your files up to date.\n');
      const ctl = io(env);
      const running = runTandemctl(['--endpoint', '1', 'actions', 'run', 'sync'], ctl);
      await until(() => runner.runs.length === 1, 'the run');
      runner.runs[0]?.finish({ exitCode: 3, output: 'disk full\n', outputBytes: 10, durationMs: 20 });
      assert.equal(await running, 1, 'a failed action is exit 1');
      assert.match(ctl.out(), /Sync now: failed after 20 ms, exit code 3; 10 bytes of output\.\ndisk full\n$/);
      assert.doesNotMatch(ctl.out(), /opt\/contoso/);
      await assert.rejects(runTandemctl(['--endpoint', '1', 'actions', 'run', 'sync'], io(env)), { code: 'E_CONFLICT', message: /^Sync now ran a moment ago/ });
      const status = io(env);
      assert.equal(await runTandemctl(['--endpoint', '1', 'status'], status), 0);
      assert.match(status.out(), /^Tandem \S+ \(console\)/);
    });
  });

  it('returns at once with --no-wait', async () => {
    await withService(async (_h, runner, env) => {
      const ctl = io(env);
      assert.equal(await runTandemctl(['actions', 'run', 'sync', '--no-wait', '--json'], ctl), 0);
      assert.equal((JSON.parse(ctl.out()) as { actionId: string }).actionId, 'sync');
      assert.equal(runner.live.length, 1);
    });
  });
});

describe('sessionEndpointAddress', () => {
  const token = 'a1b2c3d4e5f6a1b2c3d4e5f6';

  it('takes an address as it is, and a session number as console mode socket of that session', async () => {
    assert.equal(await sessionEndpointAddress('/run/t/agent-4.sock', { env: {} }), '/run/t/agent-4.sock');
    assert.equal(await sessionEndpointAddress('2', { env: { TANDEM_RUNTIME_DIR: '/run/t' }, platform: 'linux' }), '/run/t/agent-2.sock');
  });

  it("finds the Windows service's pipe of the session in the pipe listing; says when there is none or more than one", async () => {
    const listPipes = async (): Promise<string[]> => ['InitShutdown', `Tandem\\agent-1-${token}`, `Tandem\\agent-12-${token}`, `ProtectedPrefix\\Administrators\\Tandem\\admin`];
    assert.equal(await sessionEndpointAddress('1', { env: {}, platform: 'win32', listPipes }), `\\\\.\\pipe\\Tandem\\agent-1-${token}`);
    await assert.rejects(sessionEndpointAddress('3', { env: {}, platform: 'win32', listPipes }), { code: 'E_UNAVAILABLE', message: 'the Tandem service has no endpoint for session 3' });
    const twice = async (): Promise<string[]> => [`Tandem\\agent-1-${token}`, `tandem\\AGENT-1-${token.toUpperCase()}`];
    await assert.rejects(sessionEndpointAddress('1', { env: {}, platform: 'win32', listPipes: twice }), { message: /several pipes claim to be session 1's endpoint/ });
  });
});
