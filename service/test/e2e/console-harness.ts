/**
 * Runs the real service binary in console mode, with the real headless agent, in a private
 * temporary data and runtime directory, and drives it with the real tandemctl binary.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { socketAddress, type Status } from '@tandem/shared';
import { connectAdmin } from '../../src/cli/admin-client.js';

const serviceDist = fileURLToPath(new URL('../../src/bin/', import.meta.url));
export const SERVICE_BIN = path.join(serviceDist, 'tandem-service.js');
export const TANDEMCTL_BIN = path.join(serviceDist, 'tandemctl.js');

export interface CtlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningService {
  readonly process: ChildProcess;
  readonly dataDir: string;
  readonly runtimeDir: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  ctl(...args: string[]): CtlResult;
  status(): Promise<Status>;
  logText(): string;
  stop(): Promise<number | null>;
}

export function makeDirs(): { dataDir: string; runtimeDir: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tandem-e2e-'));
  return { dataDir: path.join(root, 'data'), runtimeDir: path.join(root, 'run') };
}

export function startService(dirs = makeDirs(), extraArgs: string[] = [], extraEnv: Record<string, string> = {}): RunningService {
  const agent = process.env.TANDEM_E2E_AGENT === undefined ? [] : ['--agent', process.env.TANDEM_E2E_AGENT];
  const child = spawn(process.execPath, [SERVICE_BIN, 'console', '--quiet', '--data-dir', dirs.dataDir, '--runtime-dir', dirs.runtimeDir, ...agent, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...extraEnv },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const env = { ...process.env, TANDEM_RUNTIME_DIR: dirs.runtimeDir };
  return {
    process: child,
    ...dirs,
    exited,
    output: () => output,
    ctl: (...args) => {
      const result = spawnSync(process.execPath, [TANDEMCTL_BIN, ...args], { env, encoding: 'utf8', timeout: 20_000 });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    status: () => adminCall(dirs.runtimeDir),
    logText: () => readFileSync(path.join(dirs.dataDir, 'logs', 'tandem.log'), 'utf8'),
    stop: async () => {
      child.kill('SIGTERM');
      return (await exited).code;
    },
  };
}

async function adminCall(runtimeDir: string): Promise<Status> {
  const client = await connectAdmin({ address: socketAddress(runtimeDir, 'admin'), client: 'e2e/1' });
  try {
    return await client.call('status', {});
  } finally {
    client.close();
  }
}

/** Polls `probe` until it returns a value, or fails after `ms` with the last error. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
