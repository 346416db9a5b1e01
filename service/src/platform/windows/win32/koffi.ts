/**
 * The one place koffi is loaded. It is loaded on first use, not at import, so that importing
 * the Windows platform elsewhere (type-checks, the neutral connector, Linux unit tests) does not
 * touch a native module. Win32 type names (DWORD, HANDLE, …) and structs are defined once here,
 * before any declaration module binds a function that names them.
 */
import { createRequire } from 'node:module';
import type * as KoffiModule from 'koffi';
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

function load(): { koffi: Koffi; types: Win32Types } {
  if (loaded === undefined) {
    const koffi = createRequire(import.meta.url)('koffi') as Koffi;
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

/** A bound function, with koffi's `.async` (runs on a libuv worker thread; see WINDOWS-FACTS gotcha 5). */
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
