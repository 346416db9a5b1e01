/** Runs a fixture's `run(args)` inside a one-off LocalSystem service and returns its result. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { installService, startService, uninstallService } from '../../../src/platform/windows/service-control.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export async function runAsLocalSystem(body: string, args: readonly string[] = [], timeoutSeconds = 60): Promise<unknown> {
  const name = `TandemTestSystem${randomBytes(4).toString('hex')}`;
  const result = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-system-')), 'result.json');
  await installService({
    name,
    displayName: name,
    description: 'A test body of the Tandem Windows suite, run as LocalSystem.',
    executable: process.execPath,
    args: [path.join(fixtures, 'system-runner.js'), name, result, path.join(fixtures, body), ...args],
    delayedStart: false,
    preshutdownTimeoutMs: 10_000,
    requiredPrivileges: [],
    // A body that fails must not run again while later tests do.
    restartOnFailure: false,
  });
  try {
    await startService(name, { timeoutMs: timeoutSeconds * 1000 });
    for (let waited = 0; waited < timeoutSeconds * 1000; waited += 100) {
      let text: string | undefined;
      try {
        text = readFileSync(result, 'utf8');
      } catch {
        await sleep(100);
        continue;
      }
      const outcome = JSON.parse(text) as { ok: boolean; value?: unknown; error?: string };
      assert.ok(outcome.ok, `the LocalSystem body ${body} failed: ${outcome.error ?? ''}`);
      return outcome.value;
    }
    assert.fail(`the LocalSystem body ${body} wrote no result within ${timeoutSeconds} s`);
  } finally {
    await uninstallService(name);
  }
}
