/**
 * A server that speaks frames by hand, for client tests: each message a client sends is handed
 * to a script that may answer anything at all, valid or not, or nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { commands, events, FrameDecoder, PRODUCT, PROTOCOL_VERSION, RpcClient, SocketConnector, type Commands, type Events, type RpcClientOptions } from '../../src/index.js';
import { frame } from './raw-peer.js';

export interface ScriptedPeer {
  readonly socket: net.Socket;
  send(value: unknown): void;
}

/** Called with each message a client sends, parsed as JSON. */
export type Script = (message: Record<string, unknown>, peer: ScriptedPeer) => void;

export const WELCOME = { type: 'welcome', protocol: PROTOCOL_VERSION, product: PRODUCT, role: 'user', sessionId: 1 };

/** Welcomes every hello; everything else goes to `onRequest`. */
export function welcoming(onRequest: Script = () => undefined): Script {
  return (message, peer) => {
    if (message.type === 'hello') peer.send(WELCOME);
    else onRequest(message, peer);
  };
}

export class ScriptedServer {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-scripted-'));
  readonly address = path.join(this.dir, 'scripted.sock');
  readonly peers: ScriptedPeer[] = [];
  readonly #server: net.Server;

  private constructor(script: Script) {
    this.#server = net.createServer((socket) => {
      const peer: ScriptedPeer = { socket, send: (value) => socket.write(frame(value)) };
      this.peers.push(peer);
      const decoder = new FrameDecoder(1024 * 1024);
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => decoder.push(chunk, (payload) => script(JSON.parse(payload.toString('utf8')) as Record<string, unknown>, peer)));
    });
  }

  static async start(script: Script): Promise<ScriptedServer> {
    const scripted = new ScriptedServer(script);
    await new Promise<void>((resolve) => scripted.#server.listen(scripted.address, resolve));
    return scripted;
  }

  connect(options: Partial<RpcClientOptions<Commands, Events>> = {}): Promise<RpcClient<Commands, Events>> {
    return RpcClient.connect({
      connector: new SocketConnector(this.address),
      commands,
      events,
      role: 'user',
      client: 'shared-test/1',
      product: PRODUCT,
      ...options,
    });
  }

  async dispose(): Promise<void> {
    for (const peer of this.peers) peer.socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
