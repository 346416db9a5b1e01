/** A connected pair of real Unix-socket streams, for tests of what sits on a stream. */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export async function socketPair(): Promise<[net.Socket, net.Socket]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-pair-'));
  const address = path.join(dir, 'pair.sock');
  const server = net.createServer();
  try {
    await new Promise<void>((resolve) => server.listen(address, resolve));
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const client = net.connect(address);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('error', reject);
    });
    return [client, await accepted];
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
