/**
 * Environment blocks of the programs the service starts: the account's own (CreateEnvironmentBlock,
 * as Explorer would give it, not the service's), plus Tandem's variables for an agent, or only
 * the few an action needs (action-environment.ts). Built as a Unicode block (CREATE_UNICODE_ENVIRONMENT):
 * `NAME=value\0` entries sorted by name case-insensitively, then one more `\0`.
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
  const entries = [...variables].sort(([a], [b]) => a.toUpperCase().localeCompare(b.toUpperCase()));
  return Buffer.from(`${entries.map(([name, value]) => `${name}=${value}\0`).join('')}\0`, 'utf16le');
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
    for (const existing of variables.keys()) if (existing.toUpperCase() === name.toUpperCase()) variables.delete(existing);
    variables.set(name, value);
  }
  return buildEnvironmentBlock(variables);
}
