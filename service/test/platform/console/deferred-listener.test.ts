import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncomingConnection, Listener } from '@tandem/shared';
import { DeferredListener } from '../../../src/platform/console/deferred-listener.js';

/** A listener that records what was done to it. */
class RecordingListener implements Listener {
  readonly address = 'memory://recorded';
  readonly calls: string[] = [];
  onConnection: ((connection: IncomingConnection) => void) | undefined;

  async listen(onConnection: (connection: IncomingConnection) => void): Promise<void> {
    this.calls.push('listen');
    this.onConnection = onConnection;
  }

  async close(): Promise<void> {
    this.calls.push('close');
  }
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('DeferredListener', () => {
  it('makes nothing until it listens, then listens and closes the listener it made', async () => {
    const real = new RecordingListener();
    let made = 0;
    const listener = new DeferredListener('\\\\.\\pipe\\x', async () => {
      made++;
      return real;
    });
    assert.equal(listener.address, '\\\\.\\pipe\\x');
    assert.equal(made, 0);
    const onConnection = (): void => undefined;
    await listener.listen(onConnection);
    assert.equal(made, 1);
    assert.equal(real.onConnection, onConnection);
    await assert.rejects(listener.listen(onConnection), { code: 'E_CONFLICT', message: 'already listening on \\\\.\\pipe\\x' });
    assert.equal(made, 1);
    await listener.close();
    assert.deepEqual(real.calls, ['listen', 'close']);
  });

  it('closed before it listens, it never makes a listener', async () => {
    let made = 0;
    const listener = new DeferredListener('a', async () => {
      made++;
      return new RecordingListener();
    });
    await listener.close();
    await assert.rejects(listener.listen(() => undefined), { code: 'E_UNAVAILABLE', message: 'a is closed' });
    assert.equal(made, 0);
  });

  it('closed while the listener is being made, it does not listen, and closes what was made', async () => {
    const real = new RecordingListener();
    const making = deferred<Listener>();
    const listener = new DeferredListener('a', () => making.promise);
    const listening = listener.listen(() => undefined);
    const closing = listener.close();
    making.resolve(real);
    await assert.rejects(listening, { code: 'E_UNAVAILABLE', message: 'a was closed before it listened' });
    await closing;
    assert.deepEqual(real.calls, ['close']);
  });

  it('passes on a failure to make the listener', async () => {
    const failing = new DeferredListener('a', () => Promise.reject(new Error('koffi is missing')));
    await assert.rejects(failing.listen(() => undefined), /koffi is missing/);
    await failing.close();
  });
});
