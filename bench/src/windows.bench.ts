/**
 * npm run bench:windows (run under Wine by scripts/windows/run-bench.mjs, natively on Windows):
 *
 * - start_ratio: SCM start-to-RUNNING of Tandem's real service (core + Windows platform) divided
 *   by that of a minimal koffi service (register the handler, report RUNNING) in the same run,
 *   median of alternating starts. Both pay for node.exe's own start-up; the ratio is what Tandem adds.
 * - pipe_rtt_ratio: median round trip of a small message over Tandem's ACL'd pipe (koffi-created,
 *   client checked, then handed to libuv) divided by that over a plain `net` pipe, same process,
 *   interleaved batches.
 *
 * Last line exactly: `windows start_ratio=<x> pipe_rtt_ratio=<y>` (targets ≤ 1.5 and ≤ 1.1).
 *
 * This one file plays two roles, chosen by its first argument: the benchmark (none) and the
 * minimal service (`minimal-service <name>`). Tandem is the real bundled service binary.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runMinimalService } from './minimal-service.js';

// Each role imports only what it uses (dynamic imports below): the minimal service must not pay
// for loading Tandem's core, or the baseline would not be minimal.
const SELF = fileURLToPath(import.meta.url);
const START_ROUNDS = 5;
const RTT_BATCHES = 10;
const RTT_PER_BATCH = 200;
const MESSAGE = Buffer.alloc(64, 'x');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

// ---------------------------------------------------------------------------------------------
// The benchmark.

async function timeStart(name: string): Promise<number> {
  const { startService, stopService } = await import('@tandem/service/platform/windows/service-control');
  const started = performance.now();
  await startService(name, { pollMs: 2, timeoutMs: 60_000 });
  const elapsed = performance.now() - started;
  await stopService(name, { pollMs: 20, timeoutMs: 60_000 });
  return elapsed;
}

async function measureStart(): Promise<{ tandem: number; minimal: number }> {
  const { installService, uninstallService } = await import('@tandem/service/platform/windows/service-control');
  const { REQUIRED_PRIVILEGES } = await import('@tandem/service/platform/windows/service-settings');
  const minimalName = `TandemBenchMinimal${randomBytes(3).toString('hex')}`;
  const common = { description: 'benchmark', delayedStart: false, preshutdownTimeoutMs: 20_000, requiredPrivileges: REQUIRED_PRIVILEGES, restartOnFailure: true };
  // Tandem's real service, registered exactly as `tandemctl service install` registers it.
  const { defaultServiceCommand } = await import('@tandem/service/cli/service-command');
  const tandemCommand = defaultServiceCommand();
  console.log(`tandem service command: ${tandemCommand.args.join(' ')}`);
  await installService({ ...common, name: 'Tandem', displayName: 'Tandem', executable: tandemCommand.executable, args: tandemCommand.args });
  await installService({ ...common, name: minimalName, displayName: minimalName, executable: process.execPath, args: [SELF, 'minimal-service', minimalName] });
  const tandem: number[] = [];
  const minimal: number[] = [];
  try {
    // One warm-up each (disk cache, prefix services), then alternate so drift hits both alike.
    await timeStart('Tandem');
    await timeStart(minimalName);
    for (let round = 0; round < START_ROUNDS; round++) {
      minimal.push(await timeStart(minimalName));
      tandem.push(await timeStart('Tandem'));
    }
  } finally {
    await uninstallService(minimalName);
    await uninstallService('Tandem');
  }
  return { tandem: median(tandem), minimal: median(minimal) };
}

function echoServer(socket: Duplex): void {
  socket.on('error', () => undefined);
  socket.pipe(socket);
}

async function roundTrips(stream: Duplex, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      let received = 0;
      const onData = (chunk: Buffer): void => {
        received += chunk.length;
        if (received >= MESSAGE.length) {
          stream.off('data', onData);
          resolve();
        }
      };
      stream.on('data', onData);
      stream.write(MESSAGE);
    });
    samples.push(performance.now() - started);
  }
  return samples;
}

async function measurePipes(): Promise<{ acl: number; plain: number }> {
  const { AclPipeListener } = await import('@tandem/service/platform/windows/acl-pipe-listener');
  const { agentPipeSddl } = await import('@tandem/service/platform/windows/pipe-acl');
  const { admitSessionUser } = await import('@tandem/service/platform/windows/pipe-client');
  const { WindowsPipeConnector } = await import('@tandem/service/platform/windows/pipe-connector');
  const { TOKEN } = await import('@tandem/service/platform/windows/win32/constants');
  const { kernel32 } = await import('@tandem/service/platform/windows/win32/kernel32');
  const { openProcessToken, tokenUser } = await import('@tandem/service/platform/windows/win32/token');
  const token = openProcessToken(kernel32().GetCurrentProcess(), TOKEN.QUERY);
  const userSid = tokenUser(token.value).sid;
  token.close();
  const session: [number] = [0];
  kernel32().ProcessIdToSessionId(process.pid, session);
  const aclAddress = `\\\\.\\pipe\\TandemBench\\acl-${randomBytes(6).toString('hex')}`;
  const plainAddress = `\\\\.\\pipe\\TandemBench\\plain-${randomBytes(6).toString('hex')}`;
  const acl = new AclPipeListener({
    address: aclAddress,
    sddl: agentPipeSddl(userSid),
    peer: { maxRole: 'user', sessionId: session[0], endpoint: 'bench' },
    admit: admitSessionUser(session[0], userSid),
  });
  await acl.listen((connection) => echoServer(connection.stream));
  const plain = net.createServer(echoServer);
  await new Promise<void>((resolve) => plain.listen(plainAddress, resolve));
  const aclClient = await new WindowsPipeConnector(aclAddress, { kind: 'process', pid: process.pid }).connect();
  const plainClient = await new Promise<net.Socket>((resolve) => {
    const socket = net.connect(plainAddress, () => resolve(socket));
    socket.setNoDelay(true);
  });
  const aclSamples: number[] = [];
  const plainSamples: number[] = [];
  try {
    await roundTrips(aclClient, RTT_PER_BATCH);
    await roundTrips(plainClient, RTT_PER_BATCH);
    for (let batch = 0; batch < RTT_BATCHES; batch++) {
      plainSamples.push(...(await roundTrips(plainClient, RTT_PER_BATCH)));
      aclSamples.push(...(await roundTrips(aclClient, RTT_PER_BATCH)));
    }
  } finally {
    aclClient.destroy();
    plainClient.destroy();
    await acl.close();
    await new Promise<void>((resolve) => plain.close(() => resolve()));
  }
  return { acl: median(aclSamples), plain: median(plainSamples) };
}

async function benchmark(): Promise<void> {
  const pipes = await measurePipes();
  console.log(`pipe round trip (64 B, median of ${RTT_BATCHES * RTT_PER_BATCH}): ACL'd pipe ${(pipes.acl * 1000).toFixed(1)} µs, plain net pipe ${(pipes.plain * 1000).toFixed(1)} µs`);
  const start = await measureStart();
  console.log(`SCM start to RUNNING (median of ${START_ROUNDS}): Tandem ${start.tandem.toFixed(0)} ms, minimal koffi service ${start.minimal.toFixed(0)} ms`);
  console.log(`windows start_ratio=${(start.tandem / start.minimal).toFixed(2)} pipe_rtt_ratio=${(pipes.acl / pipes.plain).toFixed(2)}`);
}

const [role, name] = process.argv.slice(2);
if (role === 'minimal-service') await runMinimalService(name ?? 'TandemBenchMinimal');
else await benchmark();
