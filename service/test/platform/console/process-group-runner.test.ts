/** Console mode's ActionRunner with real programs: no shell, a minimal environment, limits kept. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ActionRunSpec, Session } from '../../../src/platform/platform.js';
import { actionEnvironment, ProcessGroupActionRunner } from '../../../src/platform/console/process-group-runner.js';
import { until } from '../../core/until.js';
import { hangPids, isRunning, programFolder } from './action-programs.js';

const session: Session = { id: 1, user: 'alice', userId: '1000', logonId: 'l1', state: 'active', remote: false, console: true };

function spec(program: string, more: Partial<ActionRunSpec> = {}): ActionRunSpec {
  return { program, args: [], runAs: 'user', session, timeLimitMs: 20_000, outputLimitBytes: 64 * 1024, ...more };
}

// The programs are POSIX shell scripts: this file runs in the Linux suite (npm test), not under Wine.
describe('ProcessGroupActionRunner', () => {
  const programs = programFolder();
  const runner = new ProcessGroupActionRunner({ env: { PATH: process.env.PATH, HOME: '/home/alice', TANDEM_SECRET: 'from the service', LD_PRELOAD: '/tmp/evil.so' } });

  it('runs a program and reports its exit code, output and duration', async () => {
    const result = await runner.run(spec(programs.program('succeed')));
    assert.deepEqual({ ...result, durationMs: typeof result.durationMs }, { outcome: 'exited', exitCode: 0, output: 'Synced 3 files\n', outputBytes: 15, durationMs: 'number' });
    const failed = await runner.run(spec(programs.program('exit3')));
    assert.deepEqual([failed.outcome, failed.exitCode, failed.output], ['exited', 3, 'disk full\n']);
  });

  it('passes the arguments as they are, with no shell to read them', async () => {
    const args = ['$HOME', '; echo pwned', '*', '"quoted" and spaced', '`id`'];
    const result = await runner.run(spec(programs.program('args'), { args }));
    assert.equal(result.output, args.map((arg) => `[${arg}]\n`).join(''));
  });

  it('gives the program PATH alone of the environment, its folder as working directory, and stdin closed', async () => {
    const program = programs.program('context');
    const result = await runner.run(spec(program));
    const lines = result.output.trim().split('\n');
    const variables = lines.filter((line) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(line)).map((line) => line.slice(0, line.indexOf('=')));
    // The shell adds PWD (and some add SHLVL or _) itself; nothing else may come in.
    assert.deepEqual(variables.filter((name) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(name)), ['PATH']);
    assert.ok(lines.includes(`cwd: ${path.dirname(program)}`), result.output);
    assert.ok(lines.includes('stdin: closed'), result.output);
    assert.deepEqual(actionEnvironment({ PATH: 'p', SystemRoot: 'C:\\Windows', TEMP: 't', USERPROFILE: 'u' }, 'win32'), { PATH: 'p', SystemRoot: 'C:\\Windows', TEMP: 't' });
  });

  it('ends the whole process group at the time limit and reports timed-out: children and grandchildren are gone', async () => {
    const pidFile = path.join(programs.dir, 'hang.pids');
    const running = runner.run(spec(programs.program('hang'), { args: [pidFile], timeLimitMs: 3_000 }));
    await until(() => hangPids(pidFile) !== undefined, 'the hanging program to write its pids');
    const pids = hangPids(pidFile) ?? [];
    assert.ok(pids.every(isRunning), 'all four run before the limit');
    const result = await running;
    assert.deepEqual([result.outcome, result.exitCode], ['timed-out', null]);
    assert.ok(result.durationMs >= 3_000, `${result.durationMs} ms`);
    await until(() => pids.every((pid) => !isRunning(pid)), `every process of the group (${pids.join(', ')}) to be gone`);
  });

  it('ends at once, as at the time limit, when the service stops (the abort signal)', async () => {
    const pidFile = path.join(programs.dir, 'aborted.pids');
    const abort = new AbortController();
    const running = runner.run(spec(programs.program('hang'), { args: [pidFile], signal: abort.signal }));
    await until(() => hangPids(pidFile) !== undefined, 'the pids');
    abort.abort();
    const result = await running;
    assert.equal(result.outcome, 'timed-out');
    assert.ok(result.durationMs < 20_000);
    const pids = hangPids(pidFile) ?? [];
    await until(() => pids.every((pid) => !isRunning(pid)), 'the group to be gone');
  });

  it('keeps output up to the bound and counts the rest; a flood blocks on its own pipe and ends at the time limit', async () => {
    const slow = new ProcessGroupActionRunner({ drainBytesPerSecond: 64 * 1024 });
    const result = await slow.run(spec(programs.program('flood'), { outputLimitBytes: 1_000, timeLimitMs: 2_000 }));
    assert.equal(result.outcome, 'timed-out');
    assert.equal(Buffer.byteLength(result.output), 1_000);
    assert.match(result.output, /^flooding the output of this action\n/);
    // 2 s at 64 KiB/s past the first second's allowance, and what fits in the pipes: far below what `yes` could write.
    assert.ok(result.outputBytes > 1_000 && result.outputBytes < 1024 * 1024, `${result.outputBytes} bytes read`);
  });

  it('reports a program that cannot start as failed-to-start, naming it', async () => {
    const missing = path.join(programs.dir, 'missing');
    const result = await runner.run(spec(missing));
    assert.deepEqual([result.outcome, result.exitCode, result.outputBytes], ['failed-to-start', null, 0]);
    assert.match(result.error ?? '', new RegExp(`^cannot start ${missing}: .*ENOENT`));
  });
});
