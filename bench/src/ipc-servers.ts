/**
 * The server side of the IPC benchmark, run in its own process as the real service would be:
 * Tandem's RpcServer on one Unix socket and the ndjson baseline on another, in the same
 * directory. It tells its parent "ready" and exits when the parent disconnects.
 */
import { commands, events, PRODUCT, RpcServer, SocketListener, TandemError, type Commands, type Events, type Handlers } from '@tandem/shared';
import { benchAddresses } from './ipc-addresses.js';
import { benchActionStarted, startBaselineServer } from './ndjson-baseline.js';

const unused = (): never => {
  throw new TandemError('E_UNAVAILABLE', 'not served by the benchmark');
};

const handlers: Handlers<Commands, Events> = {
  status: unused,
  'sessions.list': unused,
  'agents.restart': unused,
  'config.get': unused,
  'config.set': unused,
  'config.reset': unused,
  'notify.broadcast': unused,
  'log.setLevel': unused,
  'diagnostics.collect': unused,
  'agent.settings': unused,
  'agent.quit': unused,
  'agent.action': ({ id }) => benchActionStarted(id),
  'actions.list': unused,
  'actions.run': unused,
  'actions.history': unused,
  simulate: unused,
};

async function main(dir: string): Promise<void> {
  const addresses = benchAddresses(dir);
  const server = new RpcServer({ commands, events, handlers, product: PRODUCT });
  await server.attach(new SocketListener({ address: addresses.tandem, peer: { maxRole: 'user', sessionId: 1, endpoint: 'bench' } }));
  const baseline = await startBaselineServer(addresses.baseline);
  process.on('disconnect', () => {
    baseline.close();
    void server.close().then(() => process.exit(0));
  });
  process.send?.('ready');
}

const dir = process.argv[2];
if (dir === undefined) {
  console.error('usage: ipc-servers.js <socket directory>');
  process.exit(2);
}
await main(dir);
