/**
 * Serves a Tandem pipe from a LocalSystem service (fixtures/listener-body.ts) while the test
 * process is its client: the product's situation, and the only one in which its DACLs let the
 * listener create an instance for each client on Windows (REAL-WINDOWS-REVIEW #1).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PeerIdentity } from '@tandem/shared';
import { runAsLocalSystem } from './as-local-system.js';
import { currentSessionId, currentUserSid, uniquePipeName } from './pipe-fixtures.js';

/** What the LocalSystem listener saw: the peers it admitted, the reasons it refused others. */
export interface Served {
  readonly peers: PeerIdentity[];
  readonly rejected: string[];
}

export interface SystemServer {
  readonly address: string;
  /** The pid of the LocalSystem process serving the pipe, to verify the server by. */
  readonly pid: number;
}

/**
 * Runs `use` while a LocalSystem listener serves a new `kind` pipe (an agent pipe belongs to this
 * test's user and session), then stops the listener and returns what it served.
 */
export async function withSystemListener(kind: 'admin' | 'agent', use: (server: SystemServer) => Promise<void>): Promise<Served> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-listener-'));
  const address = uniquePipeName(kind);
  const ready = path.join(dir, 'ready.json');
  const stop = (): void => writeFileSync(path.join(dir, 'done'), '');
  let ended = false;
  const body = runAsLocalSystem('listener-body.js', [dir, kind, address, currentUserSid(), String(currentSessionId())]);
  const settled = (): void => void (ended = true);
  body.then(settled, settled);
  try {
    while (!existsSync(ready) && !ended) await sleep(50);
    if (!existsSync(ready)) {
      await body;
      assert.fail('the LocalSystem listener ended before it listened');
    }
    const { pid } = JSON.parse(readFileSync(ready, 'utf8')) as { pid: number };
    await use({ address, pid });
  } catch (error) {
    stop();
    await body.catch(() => undefined);
    throw error;
  }
  stop();
  return (await body) as Served;
}
