/**
 * A peer that speaks raw bytes over a real socket, for tests that must send what no RpcClient
 * would: garbage, forged headers, half frames, floods. It collects the frames it receives and
 * reports how the connection ended.
 */
import net from 'node:net';
import { FRAME_HEADER_BYTES, FrameDecoder, PRODUCT, PROTOCOL_VERSION, type ServerMessage } from '../../src/index.js';

/** A frame holding `value` as JSON, built by hand so tests can forge any length field. */
export function frame(value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value));
  return Buffer.concat([header(body.length), body]);
}

export function header(length: number): Buffer {
  const bytes = Buffer.alloc(FRAME_HEADER_BYTES);
  bytes.writeUInt32BE(length, 0);
  return bytes;
}

export function hello(role: 'user' | 'admin' = 'admin', protocol = PROTOCOL_VERSION): Buffer {
  return frame({ type: 'hello', protocol, role, product: PRODUCT, client: 'raw-peer/1' });
}

export function request(id: number, command: string, params: unknown = {}): Buffer {
  return frame({ type: 'request', id, command, params });
}

export class RawPeer {
  readonly socket: net.Socket;
  /** Frames received, parsed as JSON (unvalidated: tests assert on them). */
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<void>;
  readonly #decoder = new FrameDecoder(64 * 1024 * 1024);
  readonly #waiters: Array<() => void> = [];

  private constructor(socket: net.Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      this.#decoder.push(chunk, (payload) => {
        this.messages.push(JSON.parse(payload.toString('utf8')) as ServerMessage);
      });
      for (const wake of this.#waiters.splice(0)) wake();
    });
    socket.on('close', () => {
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  static connect(address: string, options: { paused?: boolean } = {}): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(address);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        const peer = new RawPeer(socket);
        // A peer that never reads: the kernel buffers fill and the server's writes queue up.
        if (options.paused === true) socket.pause();
        resolve(peer);
      });
    });
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves once a message satisfies `predicate`; rejects if the connection closes first. */
  async waitFor(predicate: (message: ServerMessage) => boolean, what: string): Promise<ServerMessage> {
    for (;;) {
      const found = this.messages.find(predicate);
      if (found !== undefined) return found;
      if (this.socket.destroyed || this.socket.readableEnded) {
        throw new Error(`connection closed before ${what}; got ${JSON.stringify(this.messages)}`);
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** The fatal error the server sent before closing, once the connection has closed. */
  async fatal(): Promise<{ code: string; message: string } | undefined> {
    await this.closed;
    const fatal = this.messages.find((message) => message.type === 'error');
    return fatal?.type === 'error' ? fatal.error : undefined;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
