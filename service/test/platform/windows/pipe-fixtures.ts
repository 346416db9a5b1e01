/** Helpers shared by the Windows pipe tests. */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { IncomingConnection } from '@tandem/shared';
import { kernel32 } from '../../../src/platform/windows/win32/kernel32.js';

export function uniquePipeName(kind: string): string {
  return `\\\\.\\pipe\\TandemTest\\${kind}-${randomBytes(6).toString('hex')}`;
}

/** The SID of the user this test process runs as: the product's own lookup. */
export { currentUserSid } from '../../../src/platform/windows/elevation.js';

export function currentSessionId(): number {
  const out: [number] = [0];
  kernel32().ProcessIdToSessionId(process.pid, out);
  return out[0];
}

/** Echoes every byte back: the server side of round-trip tests. */
export function echo(connection: IncomingConnection): void {
  connection.stream.on('error', () => undefined);
  connection.stream.pipe(connection.stream);
}

/** Writes `text` and resolves with the same number of bytes read back. */
export function roundTrip(stream: Duplex, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer): void => {
      received += chunk.toString('utf8');
      if (received.length >= text.length) {
        stream.off('data', onData);
        resolve(received);
      }
    };
    stream.on('data', onData);
    stream.once('error', reject);
    stream.write(text);
  });
}

/** Resolves when the stream has ended or closed (the server dropped us). */
export function closedBy(stream: Duplex): Promise<void> {
  return new Promise((resolve) => {
    stream.on('error', () => undefined);
    stream.resume();
    stream.once('close', () => resolve());
  });
}
