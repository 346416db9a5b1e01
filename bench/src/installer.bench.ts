/**
 * npm run bench:installer (run under Wine by scripts/windows/run-bench.mjs installer):
 *
 * - install_ratio: `msiexec /i Tandem.msi /qn` until an agent is connected in the session (seen
 *   by tandemctl's status over the admin pipe), divided by `msiexec /i` of a baseline MSI (the
 *   same wixl, node.exe, koffi and a minimal koffi service) until that service runs;
 * - upgrade_ratio: the same for installing the next version over the installed one (Tandem:
 *   until the new version's agent is connected; baseline: until the new service runs);
 * - msi_mb: the size of Tandem's MSI.
 * Medians of alternating rounds: both pay for msiexec, node.exe and Wine; the ratios are what
 * Tandem adds. Last line exactly `installer install_ratio=<x> upgrade_ratio=<y> msi_mb=<z>`
 * (targets ≤ 1.5 and ≤ 1.5). The MSIs come from the environment (TANDEM_BENCH_*).
 */
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Commands, Events, RpcClient, Status } from '@tandem/shared';
import { connectAdmin } from '@tandem/service/cli/admin-client';
import { createConnector } from '@tandem/service/platform/connector';
import { ADMIN_PIPE_NAME } from '@tandem/service/platform/windows/pipe-names';
import { queryService } from '@tandem/service/platform/windows/service-control';
import { median } from './stats.js';

const ROUNDS = 3;
const POLL_MS = 20;
const TIMEOUT_MS = 120_000;

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: run this through npm run bench:installer`);
  return value;
}

const tandem = { msi: env('TANDEM_BENCH_MSI'), upgrade: env('TANDEM_BENCH_MSI_UPGRADE'), version: env('TANDEM_BENCH_VERSION'), upgradeVersion: env('TANDEM_BENCH_UPGRADE_VERSION') };
const baseline = { msi: env('TANDEM_BENCH_BASELINE_MSI'), upgrade: env('TANDEM_BENCH_BASELINE_MSI_UPGRADE') };
const msiBytes = Number(env('TANDEM_BENCH_MSI_BYTES'));

function msiexec(...args: string[]): void {
  const run = spawnSync('msiexec', [...args, '/qn', '/norestart'], { stdio: 'ignore', timeout: TIMEOUT_MS, windowsHide: true });
  if (run.status !== 0) throw new Error(`msiexec ${args.join(' ')} exited ${run.status ?? run.signal ?? run.error?.message}`);
}

async function until(what: string, probe: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

/**
 * The service's status over one admin connection, kept open between polls (a new connection per
 * poll costs the pipe's server check and a handshake, which would blur the time measured); opened
 * again when the service it reached has gone (an upgrade restarts it).
 */
let admin: RpcClient<Commands, Events> | undefined;

async function status(): Promise<Status | undefined> {
  try {
    admin ??= await connectAdmin({ address: ADMIN_PIPE_NAME, connector: createConnector(ADMIN_PIPE_NAME), timeoutMs: 5_000 });
    return await admin.call('status', {});
  } catch {
    admin?.close();
    admin = undefined;
    return undefined;
  }
}

async function agentConnected(version: string): Promise<boolean> {
  const now = await status();
  return now?.version === version && now.agents.length === 1 && now.agents[0]?.connected === true;
}

/** Milliseconds from starting `run` until `ready` holds, and how much of it `run` itself took. */
async function timed(run: () => void, what: string, ready: () => Promise<boolean> | boolean): Promise<number> {
  const started = performance.now();
  run();
  const ran = performance.now();
  await until(what, ready);
  const done = performance.now();
  phases.push(`${what}: msiexec ${(ran - started).toFixed(0)} ms, then ${(done - ran).toFixed(0)} ms`);
  return done - started;
}

const phases: string[] = [];

async function baselineRound(): Promise<{ install: number; upgrade: number }> {
  const running = (): boolean => queryService('TandemBaseline')?.state === 'running';
  const install = await timed(() => msiexec('/i', baseline.msi), 'the baseline service', running);
  const upgrade = await timed(() => msiexec('/i', baseline.upgrade), 'the upgraded baseline service', running);
  msiexec('/x', baseline.upgrade);
  return { install, upgrade };
}

async function tandemRound(): Promise<{ install: number; upgrade: number }> {
  const install = await timed(() => msiexec('/i', tandem.msi), `Tandem ${tandem.version} with a connected agent`, () => agentConnected(tandem.version));
  const upgrade = await timed(() => msiexec('/i', tandem.upgrade), `Tandem ${tandem.upgradeVersion} with a connected agent`, () => agentConnected(tandem.upgradeVersion));
  msiexec('/x', tandem.upgrade, 'REMOVEDATA=1');
  return { install, upgrade };
}

const samples = { tandem: { install: [] as number[], upgrade: [] as number[] }, baseline: { install: [] as number[], upgrade: [] as number[] } };
// One warm-up each (disk cache, msiexec's own start), then alternate so drift hits both alike.
await baselineRound();
await tandemRound();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of [['baseline', baselineRound], ['tandem', tandemRound]] as const) {
    const { install, upgrade } = await run();
    samples[name].install.push(install);
    samples[name].upgrade.push(upgrade);
    console.log(`round ${round + 1} ${name}: install ${install.toFixed(0)} ms, upgrade ${upgrade.toFixed(0)} ms`);
  }
}
const result = {
  install: median(samples.tandem.install) / median(samples.baseline.install),
  upgrade: median(samples.tandem.upgrade) / median(samples.baseline.upgrade),
};
console.log(phases.join('\n'));
console.log(`install to a connected agent (median of ${ROUNDS}): Tandem ${median(samples.tandem.install).toFixed(0)} ms, baseline service ${median(samples.baseline.install).toFixed(0)} ms`);
console.log(`upgrade to a connected agent (median of ${ROUNDS}): Tandem ${median(samples.tandem.upgrade).toFixed(0)} ms, baseline service ${median(samples.baseline.upgrade).toFixed(0)} ms`);
console.log(`installer install_ratio=${result.install.toFixed(2)} upgrade_ratio=${result.upgrade.toFixed(2)} msi_mb=${(msiBytes / 1024 / 1024).toFixed(1)}`);
