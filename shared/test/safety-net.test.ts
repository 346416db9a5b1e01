import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./fixtures/safety-net-child.js', import.meta.url));

function run(mode: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CHILD, mode], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('installSafetyNet (in a child process)', () => {
  it('records an uncaught exception and exits with its code', () => {
    const result = run('exception');
    assert.equal(result.status, 42, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { origin: 'uncaughtException', message: 'nobody catches this' });
  });

  it('records an unhandled rejection and exits with its code', () => {
    const result = run('rejection');
    assert.equal(result.status, 42, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { origin: 'unhandledRejection', message: 'nobody handles this' });
  });

  it('still exits with its code when recording fails', () => {
    const result = run('bad-record');
    assert.equal(result.status, 42, result.stderr);
    assert.equal(result.stdout, '');
  });
});
