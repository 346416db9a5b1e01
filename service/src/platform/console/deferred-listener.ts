/**
 * A Listener whose real listener is made only when it starts listening. Console mode on Windows
 * serves its pipes with the Windows platform's ACL'd listener, which it loads by a dynamic import
 * at that moment, so that console mode elsewhere never loads the Windows platform (nor koffi).
 * The real listener, once made, is closed by close(), like any listener by whoever attached it.
 */
import { TandemError, type AdmitConnection, type IncomingConnection, type Listener } from '@tandem/shared';

export class DeferredListener implements Listener {
  readonly address: string;
  readonly #make: () => Promise<Listener>;
  #made: Promise<Listener> | undefined;
  #closed = false;

  /** `make` creates the real listener at `address`; it is called once, by listen(). */
  constructor(address: string, make: () => Promise<Listener>) {
    this.address = address;
    this.#make = make;
  }

  async listen(onConnection: (connection: IncomingConnection) => void, admit?: AdmitConnection): Promise<void> {
    if (this.#made !== undefined) throw new TandemError('E_CONFLICT', `already listening on ${this.address}`);
    if (this.#closed) throw new TandemError('E_UNAVAILABLE', `${this.address} is closed`);
    this.#made = this.#make();
    const listener = await this.#made;
    // close() came while the listener was being made: it must not start listening after all.
    if (this.#closed) throw new TandemError('E_UNAVAILABLE', `${this.address} was closed before it listened`);
    await listener.listen(onConnection, admit);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const made = this.#made;
    if (made === undefined) return;
    const listener = await made.catch(() => undefined);
    await listener?.close();
  }
}
