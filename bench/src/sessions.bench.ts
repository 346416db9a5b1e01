/**
 * bench:sessions — how fast a logon becomes a connected agent, and what agents cost in memory.
 *
 * Latency: from a logon event to the agent's completed handshake, p50 and p99 over 50 sessions,
 * beside a baseline measured in the same run and interleaved with it: a bare child_process.spawn
 * of the same Node that connects to a socket and sends one message.
 * Memory: the service binary's peak RSS (VmHWM) idle (no eligible session) and with 50 agents
 * connected. The peak, not the current RSS: the current one shrinks whenever the GC hands pages
 * back, so the difference of two readings measured noise and once came out at -96 KiB per
 * agent. The kernel's high-water mark never decreases, so the growth per agent cannot be
 * negative; it is what holding 50 agents added to the most the service ever held.
 * Idle: timer and immediate callbacks counted in the service while nothing happens.
 * Last line: `sessions spawn_p50_ratio=<x> idle_rss_mb=<n> rss_per_agent_kb=<n>`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { socketAddress } from '@tandem/shared';
import { connectAdmin } from '@tandem/service/cli/admin-client';
import { idleWindow, startIdleProbe } from '@tandem/service/core/idle-probe';
import { TandemService } from '@tandem/service/core/tandem-service';
import { agentScript as builtAgent } from '@tandem/service/install-layout';
import { createConsolePlatform } from '@tandem/service/platform/console/console-platform';
import { ScriptedSessionSource } from '@tandem/service/platform/console/scripted-session-source';
import { peakRssKb } from './peak-rss.js';
import { percentile } from './stats.js';

const SESSIONS = 50;
const agentScript = process.env.TANDEM_BENCH_AGENT ?? builtAgent();
const serviceBin = fileURLToPath(import.meta.resolve('@tandem/service/bin/tandem-service'));
const root = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));

/** Baseline: spawn the same Node with a script that connects and sends one line. */
async function baselineOnce(dir: string, i: number): Promise<number> {
  const address = path.join(dir, `b${i}.sock`);
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(address, resolve));
  const script = path.join(dir, 'baseline-agent.cjs');
  const started = performance.now();
  const got = new Promise<number>((resolve) => {
    server.once('connection', (socket) => socket.once('data', () => resolve(performance.now() - started)));
  });
  const child = spawn(process.execPath, [script, address], { stdio: 'ignore' });
  const elapsed = await got;
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve) => server.close(resolve));
  return elapsed;
}

async function latency(): Promise<{ tandem: number[]; baseline: number[] }> {
  const dir = path.join(root, 'latency');
  const sessions = new ScriptedSessionSource();
  const waiting = new Map<number, () => void>();
  const platform = createConsolePlatform({
    dataDir: path.join(dir, 'data'),
    runtimeDir: path.join(dir, 'run'),
    sessions,
    agent: { executable: process.execPath, args: [agentScript] },
  });
  const service = new TandemService({
    platform,
    prettyLogs: false,
    onConnectionChange: (sessionId, open) => {
      if (open && sessionId !== null) waiting.get(sessionId)?.();
    },
  });
  await service.start(() => undefined);
  writeFileSync(path.join(dir, 'run', 'baseline-agent.cjs'), "const s=require('net').connect(process.argv[2],()=>s.write('{\"hello\":1}\\n'));\n");
  const tandem: number[] = [];
  const baseline: number[] = [];
  // Warm-up: one of each, not counted (first spawns pay for cold disk caches).
  await baselineOnce(path.join(dir, 'run'), 0);
  for (let i = 0; i <= SESSIONS; i++) {
    const id = i + 1;
    const connected = new Promise<void>((resolve) => waiting.set(id, resolve));
    const started = performance.now();
    sessions.logon(id, `user${id}`);
    await connected;
    const elapsed = performance.now() - started;
    if (i > 0) {
      tandem.push(elapsed);
      baseline.push(await baselineOnce(path.join(dir, 'run'), id));
    }
  }
  const probe = startIdleProbe();
  await idleWindow(probe, 2_000);
  probe.stop();
  console.log(`idle check: ${probe.fired} timer/immediate callbacks in the service during 2 s with ${SESSIONS + 1} agents connected (async_hooks count)`);
  await service.stop('stop', () => undefined);
  return { tandem, baseline };
}

async function connectedAgents(runtimeDir: string): Promise<number> {
  const client = await connectAdmin({ address: socketAddress(runtimeDir, 'admin'), client: 'bench/1' });
  try {
    return (await client.call('status', {})).agents.filter((a) => a.connected).length;
  } finally {
    client.close();
  }
}

async function until(probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('benchmark setup timed out');
}

async function memory(): Promise<{ idleKb: number; loadedKb: number }> {
  const dataDir = path.join(root, 'memory', 'data');
  const runtimeDir = path.join(root, 'memory', 'run');
  const policy = path.join(dataDir, 'policy.json');
  await import('node:fs/promises').then((fs) => fs.mkdir(dataDir, { recursive: true }));
  // Start with no eligible session: the service idles with 50 sessions tracked and no agent.
  writeFileSync(policy, JSON.stringify({ 'agents.eligibility': { mode: 'none' } }));
  const child = spawn(process.execPath, [serviceBin, 'console', '--quiet', '--sessions', String(SESSIONS), '--data-dir', dataDir, '--runtime-dir', runtimeDir, '--agent', agentScript], { stdio: 'ignore' });
  const pid = child.pid ?? -1;
  try {
    await until(async () => (await connectedAgents(runtimeDir)) === 0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const idleKb = peakRssKb(pid);
    rmSync(policy);
    child.kill('SIGHUP'); // reload: every session becomes eligible
    await until(async () => (await connectedAgents(runtimeDir)) === SESSIONS);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const loadedKb = peakRssKb(pid);
    return { idleKb, loadedKb };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const { tandem, baseline } = await latency();
const fmt = (n: number): string => n.toFixed(1);
console.log(`logon→handshake  p50=${fmt(percentile(tandem, 0.5))} ms  p99=${fmt(percentile(tandem, 0.99))} ms  (n=${tandem.length})`);
console.log(`baseline spawn   p50=${fmt(percentile(baseline, 0.5))} ms  p99=${fmt(percentile(baseline, 0.99))} ms  (n=${baseline.length})`);
const { idleKb, loadedKb } = await memory();
console.log(`service peak RSS: idle ${(idleKb / 1024).toFixed(1)} MiB, with ${SESSIONS} agents ${(loadedKb / 1024).toFixed(1)} MiB`);
rmSync(root, { recursive: true, force: true });
const ratio = percentile(tandem, 0.5) / percentile(baseline, 0.5);
console.log(`sessions spawn_p50_ratio=${ratio.toFixed(2)} idle_rss_mb=${(idleKb / 1024).toFixed(1)} rss_per_agent_kb=${Math.round((loadedKb - idleKb) / SESSIONS)}`);
