/**
 * `npm run bench:ipc`: Tandem's round trip and pipelined throughput over the console transport,
 * beside a newline-delimited JSON echo over raw `net` on the same kind of socket, in the same
 * run. Both servers live in one child process (as the service would), the clients here; the two
 * systems are measured in alternating rounds after a warm-up, so drift in machine load hits both.
 * The last line is `ipc rtt_p50_ratio=<x> throughput_ratio=<y>` (Tandem divided by baseline).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands, events, PRODUCT, RpcClient, SocketConnector } from '@tandem/shared';
import { benchAddresses } from './ipc-addresses.js';
import { BaselineClient } from './ndjson-baseline.js';
import { median, percentile } from './stats.js';

/** One small request of each system, resolving with its result. */
type Call = () => Promise<unknown>;

interface Contender {
  readonly name: string;
  readonly call: Call;
  readonly rttMicros: number[];
  readonly throughputs: number[];
}

const WARMUP_CALLS = 3_000;
const ROUNDS = 12;
const RTT_CALLS_PER_ROUND = 400;
const BURST_CALLS = 2_000;
const BURSTS_PER_ROUND = 2;

async function timeOne(contender: Contender): Promise<void> {
  const start = process.hrtime.bigint();
  await contender.call();
  contender.rttMicros.push(Number(process.hrtime.bigint() - start) / 1_000);
}

/**
 * Round trips of the two contenders one after the other, alternating which goes first: both
 * see the same moments of the machine (on a VM, whether the two processes share a CPU changes
 * a round trip by a factor of three, and that can change within a run).
 */
async function measureRtt(a: Contender, b: Contender, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
    await timeOne(first);
    await timeOne(second);
  }
}

/** Requests per second with `count` requests sent at once and awaited together. */
async function measureBurst(call: Call, count: number): Promise<number> {
  const start = process.hrtime.bigint();
  const calls: Array<Promise<unknown>> = [];
  for (let i = 0; i < count; i++) calls.push(call());
  await Promise.all(calls);
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

function startServers(dir: string): Promise<() => void> {
  const child = fork(fileURLToPath(new URL('./ipc-servers.js', import.meta.url)), [dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`benchmark servers exited early with code ${code}`)));
    child.once('message', () => {
      child.removeAllListeners('exit');
      resolve(() => child.disconnect());
    });
  });
}

function report(contender: Contender): string {
  const p50 = percentile(contender.rttMicros, 0.5);
  const p99 = percentile(contender.rttMicros, 0.99);
  const throughput = median(contender.throughputs);
  return `ipc ${contender.name.padEnd(8)} rtt_p50_us=${p50.toFixed(1)} rtt_p99_us=${p99.toFixed(1)} throughput_rps=${Math.round(throughput)}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));
  const stopServers = await startServers(dir);
  try {
    const addresses = benchAddresses(dir);
    const client = await RpcClient.connect({ connector: new SocketConnector(addresses.tandem), commands, events, role: 'user', client: 'bench/1', product: PRODUCT });
    const baselineClient = await BaselineClient.connect(addresses.baseline);
    const tandem: Contender = { name: 'tandem', call: () => client.call('agent.action', { id: 'bench' }), rttMicros: [], throughputs: [] };
    const baseline: Contender = { name: 'baseline', call: () => baselineClient.call('agent.action', { id: 'bench' }), rttMicros: [], throughputs: [] };

    for (const contender of [tandem, baseline]) {
      for (let i = 0; i < WARMUP_CALLS; i++) await contender.call();
      await measureBurst(contender.call, BURST_CALLS);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [tandem, baseline] : [baseline, tandem];
      await measureRtt(tandem, baseline, RTT_CALLS_PER_ROUND);
      for (let burst = 0; burst < BURSTS_PER_ROUND; burst++) {
        for (const contender of order) contender.throughputs.push(await measureBurst(contender.call, BURST_CALLS));
      }
    }
    client.close();
    baselineClient.close();

    console.log(report(baseline));
    console.log(report(tandem));
    const rttRatio = percentile(tandem.rttMicros, 0.5) / percentile(baseline.rttMicros, 0.5);
    const throughputRatio = median(tandem.throughputs) / median(baseline.throughputs);
    console.log(`ipc rtt_p50_ratio=${rttRatio.toFixed(3)} throughput_ratio=${throughputRatio.toFixed(3)}`);
  } finally {
    stopServers();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
