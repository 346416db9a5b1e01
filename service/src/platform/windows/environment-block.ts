/**
 * Environment blocks of the programs the service starts: the account's own (CreateEnvironmentBlock,
 * as Explorer would give it, not the service's), plus Tandem's variables for an agent, or only
 * the few an action needs (action-environment.ts). Built as a Unicode block (CREATE_UNICODE_ENVIRONMENT):
 * `NAME=value\0` entries sorted by name as Windows sorts them, then one more `\0`.
 */
import { check, checkOut } from './win32/call.js';
import { ownEnvironment } from './win32/handle.js';
import { koffi, type MaybePointer, type Out, type Pointer } from './win32/koffi.js';
import { userenv } from './win32/userenv.js';

/** Reads a Unicode environment block at `block` into NAME → value (names as written). */
export function readEnvironmentBlock(block: Pointer): Map<string, string> {
  const variables = new Map<string, string>();
  for (let offset = 0n; ; ) {
    const entry = koffi().decode.string16(block + offset);
    if (entry === '') return variables;
    offset += BigInt((entry.length + 1) * 2);
    // Entries like `=C:=C:\` (per-drive directories) start with '='; they are kept as they are.
    const split = entry.indexOf('=', 1);
    if (split > 0) variables.set(entry.slice(0, split), entry.slice(split + 1));
  }
}

export function buildEnvironmentBlock(variables: ReadonlyMap<string, string>): Buffer {
  const entries = [...variables].sort(([a], [b]) => compareEnvironmentNames(a, b));
  return Buffer.from(`${entries.map(([name, value]) => `${name}=${value}\0`).join('')}\0`, 'utf16le');
}

/**
 * Windows' order of environment names: "case-insensitive, Unicode order, without regard to
 * locale" (MS Learn, Changing Environment Variables), as RtlCompareUnicodeString(…, TRUE)
 * compares: UTF-16 code unit by code unit, each folded to upper case, then the shorter first.
 * Not localeCompare, which puts `_` before the letters; Windows puts it after `Z` (0x5F > 0x5A).
 */
export function compareEnvironmentNames(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = upcase(a.charCodeAt(i)) - upcase(b.charCodeAt(i));
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** A code unit's simple upper case (RtlUpcaseUnicodeChar): itself when upper case needs more than one unit (ß). */
function upcase(unit: number): number {
  const upper = String.fromCharCode(unit).toUpperCase();
  return upper.length === 1 ? upper.charCodeAt(0) : unit;
}

/** The environment Windows gives a new logon of `token`'s account (CreateEnvironmentBlock, nothing inherited from the service). */
export function environmentOf(token: Pointer): Map<string, string> {
  const out: Out<MaybePointer> = [null];
  check('CreateEnvironmentBlock', userenv().CreateEnvironmentBlock(out, token, 0));
  const block = ownEnvironment(checkOut('CreateEnvironmentBlock', out[0]));
  try {
    return readEnvironmentBlock(block.value);
  } finally {
    block.close();
  }
}

/** The user's environment for `token` with `extra` set over it (names compared case-insensitively). */
export function userEnvironment(token: Pointer, extra: Readonly<Record<string, string>>): Buffer {
  const variables = environmentOf(token);
  for (const [name, value] of Object.entries(extra)) {
    for (const existing of variables.keys()) if (compareEnvironmentNames(existing, name) === 0) variables.delete(existing);
    variables.set(name, value);
  }
  return buildEnvironmentBlock(variables);
}
