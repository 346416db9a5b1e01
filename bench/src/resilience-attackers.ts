/**
 * The attackers of bench:resilience, each its own process so their work does not run on the
 * service's event loop (the service runs in the benchmark's process):
 *
 * - `agent`: launched by the service as every session's agent. In the flooding session it
 *   waits for the go file, then writes lines to stdout as fast as the pipe takes them, with a
 *   line of several MiB without a newline every so often; elsewhere it only idles.
 * - `storm <address> <connections>`: a session's user asking for diagnostics archives on many
 *   connections at once, in a loop.
 * - `garbage <address...>`: connects and writes random bytes (bad frame lengths, bad JSON),
 *   over and over, to every endpoint.
 * - `churn <address>`: opens and closes connections as fast as it can, half of them with a
 *   hello so the service logs them.
 *
 * - `cpu`: only spins, touching no endpoint: with TANDEM_BENCH_ATTACKS=cpu, four of them show what
 *   sharing the cores alone costs the admin's status, as a floor for the real attacks.
 *
 * All stop when their stdin closes (the benchmark ends them that way, or by SIGKILL).
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { commands, events, helloMessage, PRODUCT, RpcClient, SocketConnector } from '@tandem/shared';

const [mode = '', ...args] = process.argv.slice(2);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

/** A frame as the protocol has it: a 4-byte big-endian length, then the payload. */
function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

function agent(): void {
  const goFile = process.env.TANDEM_BENCH_GO ?? '';
  if (process.env.TANDEM_SESSION_ID !== process.env.TANDEM_BENCH_FLOOD_SESSION) return;
  const lines = Buffer.from(Array.from({ length: 640 }, (_, i) => `flood line ${i} ${'x'.repeat(80)}\n`).join(''));
  const endless = Buffer.alloc(1024 * 1024, 'y');
  let written = 0;
  const pump = (): void => {
    for (;;) {
      // One line of 4 MiB without a newline every 64 MiB: the splitter must cut it.
      const chunk = written % (64 * 1024 * 1024) < 4 * 1024 * 1024 ? endless : lines;
      written += chunk.length;
      if (!process.stdout.write(chunk)) {
        process.stdout.once('drain', pump);
        return;
      }
    }
  };
  const wait = setInterval(() => {
    if (!existsSync(goFile)) return;
    clearInterval(wait);
    pump();
  }, 20);
}

async function storm(address: string, connections: number): Promise<void> {
  const clients = await Promise.all(
    Array.from({ length: connections }, () => RpcClient.connect({ connector: new SocketConnector(address), commands, events, role: 'user', client: 'storm/1', product: PRODUCT, requestTimeoutMs: 60_000 })),
  );
  await Promise.all(
    clients.map(async (client) => {
      for (;;) await Promise.all(Array.from({ length: 8 }, () => client.call('diagnostics.collect', {}).catch(() => undefined)));
    }),
  );
}

function garbage(addresses: string[]): void {
  const hit = (address: string): void => {
    const socket = net.connect(address);
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      const kind = Math.floor(Math.random() * 3);
      // A length over the limit; a valid frame of junk JSON; or raw random bytes.
      const bytes = kind === 0 ? Buffer.from([0xff, 0xff, 0xff, 0xff]) : kind === 1 ? frame(Buffer.from(`{"type":"hello",${randomBytes(32).toString('hex')}`)) : randomBytes(4096);
      socket.end(bytes);
    });
    socket.on('close', () => setImmediate(() => hit(address)));
  };
  for (const address of addresses) for (let i = 0; i < 4; i++) hit(address);
}

function churn(address: string): void {
  let n = 0;
  const once = (): void => {
    const socket = net.connect(address);
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      if (n++ % 2 === 0) socket.write(frame(Buffer.from(JSON.stringify(helloMessage('user', 'churn/1', PRODUCT)))));
      setImmediate(() => socket.destroy());
    });
    socket.on('close', () => setImmediate(once));
  };
  for (let i = 0; i < 4; i++) once();
}

switch (mode) {
  case 'agent':
    agent();
    break;
  case 'storm':
    void storm(args[0] ?? '', Number(args[1] ?? 8));
    break;
  case 'garbage':
    garbage(args);
    break;
  case 'churn':
    churn(args[0] ?? '');
    break;
  case 'cpu':
    // Spins in slices, so that stdin's 'end' still ends it.
    setInterval(() => {
      const until = performance.now() + 50;
      while (performance.now() < until);
    }, 0);
    break;
  default:
    process.stderr.write(`unknown attacker ${mode}\n`);
    process.exit(2);
}
