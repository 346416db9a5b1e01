import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { defaultAdminAddress, parseValue, runTandemctl } from '../../src/cli/tandemctl.js';

function io(env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return { stdout, stderr, env, out: () => String(stdout.read() ?? ''), err: () => String(stderr.read() ?? '') };
}

describe('tandemctl', () => {
  it('parses values as JSON, else takes them as strings', () => {
    assert.equal(parseValue('3000'), 3000);
    assert.deepEqual(parseValue('{"mode":"none"}'), { mode: 'none' });
    assert.equal(parseValue('Call 555-0100'), 'Call 555-0100');
    assert.equal(parseValue('true'), true);
  });

  it('finds the admin endpoint: explicit address, Windows pipe, console socket', () => {
    assert.equal(defaultAdminAddress({ TANDEM_ADMIN_ADDRESS: '/x/admin.sock' }, 'linux'), '/x/admin.sock');
    assert.equal(defaultAdminAddress({}, 'win32'), '\\\\.\\pipe\\ProtectedPrefix\\Administrators\\Tandem\\admin');
    assert.equal(defaultAdminAddress({ TANDEM_RUNTIME_DIR: '/run/t' }, 'linux'), '/run/t/admin.sock');
  });

  it('prints help with exit 0 when asked, and exit 2 when given nothing', async () => {
    const asked = io();
    assert.equal(await runTandemctl(['--help'], asked), 0);
    assert.match(asked.out(), /Exit codes: 0 done, 1 the service refused/);
    const nothing = io();
    assert.equal(await runTandemctl([], nothing), 2);
  });

  it('hands `service …` to the service command, which explains itself off Windows', async () => {
    const run = io();
    const code = await runTandemctl(['service', 'status'], run);
    if (process.platform === 'win32') return;
    assert.equal(code, 3);
    assert.match(run.err(), /exists only on Windows.*tandem-service console/);
  });

  it('rejects bad arguments before connecting', async () => {
    await assert.rejects(runTandemctl(['agents', 'restart', 'two'], io()), /a session id is a whole number, got `two`/);
    await assert.rejects(runTandemctl(['config', 'set', 'x'], io()), /usage: tandemctl config set <key> <value>/);
    await assert.rejects(runTandemctl(['broadcast', 'hi', '--level', 'loud'], io()), /--level is one of info, warning, error, got `loud`/);
  });
});
