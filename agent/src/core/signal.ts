/** A typed list of listeners. Whoever subscribes keeps the returned function and calls it to leave. */

export type Unsubscribe = () => void;

export class Signal<T> {
  readonly #listeners = new Set<(value: T) => void>();

  subscribe(listener: (value: T) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  emit(value: T): void {
    // A copy, so that a listener may unsubscribe (or subscribe another) while being called.
    for (const listener of [...this.#listeners]) listener(value);
  }

  clear(): void {
    this.#listeners.clear();
  }
}
