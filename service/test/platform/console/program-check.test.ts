/** Console mode's program check: what an action may run, refused with a message naming the path. */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkConsoleProgram } from '../../../src/platform/console/program-check.js';
import { programFolder } from './action-programs.js';

describe('checkConsoleProgram', () => {
  const programs = programFolder();

  it('accepts an executable file only this user and root can change, also through a link such as /bin', async () => {
    await checkConsoleProgram(programs.program('succeed'));
    await checkConsoleProgram('/bin/sh');
    const link = path.join(programs.dir, 'linked');
    symlinkSync(programs.program('succeed'), link);
    await checkConsoleProgram(link);
  });

  it('refuses what is not an absolute path to an existing regular executable file, naming it', async () => {
    await assert.rejects(checkConsoleProgram('bin/sync'), { code: 'E_INVALID_PARAMS', message: 'the program bin/sync is not an absolute path; give it in full, such as /usr/local/bin/repair' });
    const missing = path.join(programs.dir, 'missing');
    await assert.rejects(checkConsoleProgram(missing), { code: 'E_NOT_FOUND', message: `the program ${missing} cannot be used: it does not exist` });
    await assert.rejects(checkConsoleProgram(programs.dir), { code: 'E_INVALID_PARAMS', message: `the program ${programs.dir} is not a regular file` });
    const plain = path.join(programs.dir, 'not-executable');
    writeFileSync(plain, 'echo hi\n');
    chmodSync(plain, 0o644);
    await assert.rejects(checkConsoleProgram(plain), { code: 'E_FORBIDDEN', message: `the program ${plain} is not executable by this user (chmod +x it)` });
  });

  it('refuses a program that other accounts could change: the file, or a folder above it', async () => {
    const writable = programs.program('exit3');
    chmodSync(writable, 0o775);
    await assert.rejects(checkConsoleProgram(writable), { code: 'E_FORBIDDEN', message: new RegExp(`^the program ${writable} cannot be used: it can be changed by other accounts \\(owner uid \\d+, mode 0775\\)`) });
    const open = path.join(programs.dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const inside = path.join(open, 'tool');
    writeFileSync(inside, '#!/bin/sh\n');
    chmodSync(inside, 0o755);
    await assert.rejects(checkConsoleProgram(inside), { code: 'E_FORBIDDEN', message: `the program ${inside} cannot be used: ${open} can be changed by other accounts (owner uid ${process.getuid?.()}, mode 0777); make it owned by this user or root and not writable by group or others` });
    // A sticky folder such as /tmp is fine: nobody else may replace what is not theirs in it.
    chmodSync(open, 0o1777);
    await checkConsoleProgram(inside);
  });
});
