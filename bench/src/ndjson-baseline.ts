/**
 * The baseline the IPC benchmark compares against: newline-delimited JSON over a plain `net`
 * socket, the least a hand-rolled IPC could do. To be fair it does the same essential work as
 * Tandem per request: the server parses each request as JSON and writes a JSON response with
 * the same fields; the client parses each response and matches it to its request by id.
 */
import net from 'node:net';
import type { ActionStarted } from '@tandem/shared';

export interface BenchRequest {
  readonly type: 'request';
  readonly id: number;
  readonly command: string;
  readonly params: unknown;
}

/** Calls `onLine` with each complete line of `socket`'s input. */
function onLines(socket: net.Socket, onLine: (line: string) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      onLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });
}

/** What both servers answer to agent.action: the same bytes of result for either. */
export function benchActionStarted(id: string): ActionStarted {
  return { runId: id, actionId: 'bench', label: 'Bench', sessionId: 1, by: 'user', startedAt: '2025-01-01T00:00:00.000Z' };
}

/** Starts the echo server; the caller closes the returned server. */
export function startBaselineServer(address: string): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    onLines(socket, (line) => {
      const request = JSON.parse(line) as BenchRequest;
      const params = request.params as { id: string };
      socket.write(`${JSON.stringify({ type: 'response', id: request.id, ok: true, result: benchActionStarted(params.id) })}\n`);
    });
    socket.on('error', () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, () => resolve(server));
  });
}

/** A client of the echo server with requests matched to responses by id. */
export class BaselineClient {
  readonly #socket: net.Socket;
  readonly #pending = new Map<number, (result: unknown) => void>();
  #nextId = 1;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    onLines(socket, (line) => {
      const response = JSON.parse(line) as { id: number; result: unknown };
      const resolve = this.#pending.get(response.id);
      this.#pending.delete(response.id);
      resolve?.(response.result);
    });
  }

  static connect(address: string): Promise<BaselineClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(address, () => {
        socket.off('error', reject);
        resolve(new BaselineClient(socket));
      });
      socket.setNoDelay(true);
      socket.once('error', reject);
    });
  }

  call(command: string, params: unknown): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#socket.write(`${JSON.stringify({ type: 'request', id, command, params })}\n`);
    });
  }

  close(): void {
    this.#socket.end();
  }
}
