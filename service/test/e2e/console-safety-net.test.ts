/**
 * The service's safety net, in the real console service: an error no code handled is logged,
 * reported through the platform (standard error here, the Event Log on Windows), and the process
 * exits with the service-specific code, so that its supervisor restarts it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { socketAddress } from '@tandem/shared';
import { connectAdmin } from '../../src/cli/admin-client.js';
import { EXIT } from '../../src/platform/console/console-host.js';
import { SERVICE_EXIT } from '../../src/platform/windows/scm-host.js';
import { eventually, makeDirs, SERVICE_BIN } from './console-harness.js';

const TRIGGER = pathToFileURL(fileURLToPath(new URL('./fixtures/fatal-trigger.js', import.meta.url))).href;

async function crash(kind: 'exception' | 'rejection'): Promise<{ code: number | null; stderr: string; log: string }> {
  const dirs = makeDirs();
  const child = spawn(process.execPath, ['--import', TRIGGER, SERVICE_BIN, 'console', '--quiet', '--data-dir', dirs.dataDir, '--runtime-dir', dirs.runtimeDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TANDEM_TEST_FATAL: kind },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await eventually('the service', async () => {
    const client = await connectAdmin({ address: socketAddress(dirs.runtimeDir, 'admin'), client: 'e2e/1' });
    client.close();
    return true;
  });
  child.kill('SIGUSR2');
  const code = await exited;
  return { code, stderr, log: readFileSync(path.join(dirs.dataDir, 'logs', 'tandem.log'), 'utf8') };
}

describe('console service, safety net', () => {
  it('exits with the same fatal code as the Windows service', () => {
    assert.equal(EXIT.fatal, SERVICE_EXIT.fatal);
  });

  for (const kind of ['exception', 'rejection'] as const) {
    it(`logs an unhandled ${kind}, reports it and exits with the fatal code`, { timeout: 60_000 }, async () => {
      const origin = kind === 'exception' ? 'uncaughtException' : 'unhandledRejection';
      const { code, stderr, log } = await crash(kind);
      assert.equal(code, EXIT.fatal);
      const fatal = log
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { level: number; msg: string; origin?: string })
        .find((line) => line.level === 60);
      assert.equal(fatal?.origin, origin);
      assert.match(fatal?.msg ?? '', new RegExp(`^${origin}: .*${kind} forced by the test; the service exits so that it is restarted$`));
      assert.match(stderr, new RegExp(`tandem-service: ${origin}: .*${kind} forced by the test`));
    });
  }
});
