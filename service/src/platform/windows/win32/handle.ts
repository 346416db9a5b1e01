/**
 * Ownership of native resources. Every handle or buffer an API gives Tandem is wrapped at once
 * in an `Owned`, whose `close()` releases it with the right function (CloseHandle,
 * CloseServiceHandle, LocalFree, …) exactly once. Whoever holds the `Owned` closes it; `release()`
 * hands the raw value to a new owner (libuv, a child process) that closes it instead.
 */
import { advapi32 } from './advapi32.js';
import { kernel32 } from './kernel32.js';
import type { Pointer } from './koffi.js';
import { userenv } from './userenv.js';
import { wtsapi32 } from './wtsapi32.js';

export class Owned {
  #value: Pointer | null;
  readonly #free: (value: Pointer) => unknown;
  /** What it is, for errors: `token`, `pipe \\.\pipe\…`. */
  readonly what: string;

  constructor(value: Pointer, free: (value: Pointer) => unknown, what: string) {
    this.#value = value;
    this.#free = free;
    this.what = what;
  }

  get value(): Pointer {
    if (this.#value === null) throw new Error(`${this.what} used after it was closed`);
    return this.#value;
  }

  get closed(): boolean {
    return this.#value === null;
  }

  /** Releases the resource; later calls do nothing. */
  close(): void {
    const value = this.#value;
    this.#value = null;
    if (value !== null) this.#free(value);
  }

  /** Gives the raw value to a new owner; this wrapper no longer closes it. */
  release(): Pointer {
    const value = this.value;
    this.#value = null;
    return value;
  }
}

/** A kernel object handle (process, thread, token, pipe, event, job): CloseHandle. */
export function ownHandle(value: Pointer, what: string): Owned {
  return new Owned(value, (h) => kernel32().CloseHandle(h), what);
}

/** An SCM or service handle: CloseServiceHandle. */
export function ownServiceHandle(value: Pointer, what: string): Owned {
  return new Owned(value, (h) => advapi32().CloseServiceHandle(h), what);
}

/** Memory the API allocated with LocalAlloc (security descriptors, SID strings): LocalFree. */
export function ownLocal(value: Pointer, what: string): Owned {
  return new Owned(value, (p) => kernel32().LocalFree(p), what);
}

/** Memory from the WTS APIs: WTSFreeMemory. */
export function ownWtsMemory(value: Pointer, what: string): Owned {
  return new Owned(value, (p) => wtsapi32().WTSFreeMemory(p), what);
}

/** An environment block from CreateEnvironmentBlock: DestroyEnvironmentBlock. */
export function ownEnvironment(value: Pointer): Owned {
  return new Owned(value, (p) => userenv().DestroyEnvironmentBlock(p), 'environment block');
}

/** A registry key: RegCloseKey. */
export function ownKey(value: Pointer, what: string): Owned {
  return new Owned(value, (k) => advapi32().RegCloseKey(k), what);
}

/** Closes each in order, even when one throws; rethrows the first error. */
export function closeAll(...owned: ReadonlyArray<Owned | undefined>): void {
  let first: unknown;
  for (const item of owned) {
    try {
      item?.close();
    } catch (error) {
      first ??= error;
    }
  }
  if (first !== undefined) throw first;
}
