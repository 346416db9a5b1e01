/**
 * The one place koffi is loaded. It is loaded on first use, not at import, so that importing
 * the Windows platform elsewhere (type-checks, the neutral connector, Linux unit tests) does not
 * touch a native module. Win32 type names (DWORD, HANDLE, …) and structs are defined once here,
 * before any declaration module binds a function that names them.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as KoffiModule from 'koffi';
import { koffiNativePath } from '../../../install-layout.js';
import { defineTypes, type Win32Types } from './types.js';

export type Koffi = typeof KoffiModule;

/** A pointer-sized value: a HANDLE, a pointer to native memory. Koffi gives them as BigInt. */
export type Pointer = bigint;
/** A HANDLE as returned by an API: null when the API returned NULL. */
export type MaybePointer = bigint | null;
/** Win32 BOOL: non-zero is success. Declared as int (safest through koffi). */
export type Bool = number;
/** A one-element box for an `_Out_` parameter. */
export type Out<T> = [T];

let loaded: { koffi: Koffi; types: Win32Types } | undefined;

/**
 * The stack of koffi's `.async` calls: 1 MiB, a Windows thread's default, instead of koffi's
 * 128 KiB (doc/misc.md). koffi runs such a call on a stack of its own and points the thread's TEB
 * at it (call.cc, ADJUST_TEB); StartServiceCtrlDispatcherW, the one async call, runs there for
 * the life of the service, relaying every control, and an overflow would end the service without
 * a word (REAL-WINDOWS-REVIEW #15). Each async call in flight holds one such block.
 */
export const ASYNC_STACK_SIZE = 1024 * 1024;

/**
 * koffi's native module, loaded by its absolute path (install-layout.ts says where). koffi's own
 * entry would `require('@koromix/koffi-win32-x64')` by bare name, which Node resolves up to
 * `C:\node_modules` when the package is missing, and any user can create that folder: a SYSTEM
 * service must never load code found that way (SECURITY.md F6). Fails closed when missing.
 * The native module is koffi's whole API; the JS entry only adds deprecated aliases. Its
 * settings are applied here (ASYNC_STACK_SIZE).
 */
export function loadKoffiNative(file: string = koffiNativePath()): Koffi {
  if (!existsSync(file)) throw new Error(`koffi's native module is missing at ${file}; reinstall Tandem (or run npm ci in a repository)`);
  const native = createRequire(import.meta.url)(file) as Koffi | undefined;
  if (typeof native?.load !== 'function' || typeof native.version !== 'string') throw new Error(`${file} is not koffi's native module`);
  // koffi takes settings only before its first library load or callback; this is before both.
  if (native.config().async_stack_size !== ASYNC_STACK_SIZE) native.config({ async_stack_size: ASYNC_STACK_SIZE });
  return native;
}

function load(): { koffi: Koffi; types: Win32Types } {
  if (loaded === undefined) {
    const koffi = loadKoffiNative();
    loaded = { koffi, types: defineTypes(koffi) };
  }
  return loaded;
}

export function koffi(): Koffi {
  return load().koffi;
}

export function win32Types(): Win32Types {
  return load().types;
}

type Binder = <F extends (...args: never[]) => unknown>(prototype: string) => Declared<F>;

/** A bound function, with koffi's `.async` (runs on a libuv worker thread; see docs/windows-facts.md, Wine gotcha 5). */
export type Declared<F extends (...args: never[]) => unknown> = F & {
  async(...args: [...Parameters<F>, (error: unknown, result: ReturnType<F>) => void]): void;
};

/** A DLL's declarations, bound on first call. `verify()` parses every prototype without loading the DLL. */
export type LazyLibrary<T> = (() => T) & { readonly dll: string; verify(): number };

/**
 * Declares a DLL's functions, one C prototype each, bound on first use of the library. The
 * type argument of each `fn` is the JS signature the prototype gives through koffi.
 */
export function declareLibrary<T>(dll: string, declare: (fn: Binder) => T): LazyLibrary<T> {
  let library: T | undefined;
  const get = (): T => {
    if (library === undefined) {
      const handle = koffi().load(dll);
      const fn: Binder = <F extends (...args: never[]) => unknown>(prototype: string) => handle.func(prototype) as unknown as Declared<F>;
      library = declare(fn);
    }
    return library;
  };
  const verify = (): number => {
    let count = 0;
    const parse: Binder = <F extends (...args: never[]) => unknown>(prototype: string) => {
      // An anonymous prototype type: koffi checks the syntax and every type name without a DLL.
      koffi().proto(prototype.replace(/\s(\w+)\(/, ' ('));
      count++;
      return (() => undefined) as unknown as Declared<F>;
    };
    declare(parse);
    return count;
  };
  return Object.assign(get, { dll, verify });
}
