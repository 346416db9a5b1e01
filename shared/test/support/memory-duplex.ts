/**
 * Two in-memory streams joined like the ends of a socket, for tests that need thousands of
 * connections quickly. Bytes are delivered on a later tick, never inside write(), as a socket
 * would; ending one side ends the other's input; destroying one destroys both.
 */
import { Duplex } from 'node:stream';

class MemoryEnd extends Duplex {
  peer: MemoryEnd | undefined;

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    process.nextTick(() => {
      if (this.peer !== undefined && !this.peer.destroyed) this.peer.push(chunk);
      callback();
    });
  }

  override _final(callback: (error?: Error | null) => void): void {
    process.nextTick(() => {
      if (this.peer !== undefined && !this.peer.destroyed) this.peer.push(null);
      callback();
    });
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const peer = this.peer;
    this.peer = undefined;
    if (peer !== undefined && !peer.destroyed) process.nextTick(() => peer.destroy());
    callback(error);
  }
}

export function memoryDuplexPair(): [Duplex, Duplex] {
  const a = new MemoryEnd({ allowHalfOpen: false });
  const b = new MemoryEnd({ allowHalfOpen: false });
  a.peer = b;
  b.peer = a;
  return [a, b];
}
