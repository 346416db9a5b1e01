/** Registry keys and values under HKLM, through advapi32, with owned key handles. */
import { advapi32 } from './advapi32.js';
import { checkOut, checkStatus } from './call.js';
import { HKEY_LOCAL_MACHINE, KEY, REG, REG_OPTION_NON_VOLATILE } from './constants.js';
import { ownKey, type Owned } from './handle.js';
import type { MaybePointer, Out } from './koffi.js';
import { ERROR } from './win32-error.js';
import { multiString, wideBuffer, wideFromBuffer } from './wide-string.js';

export type RegistryValue = string | number | readonly string[];

/** Opens (creating when missing) HKLM\`path` for writing. The caller closes the key. */
export function createMachineKey(path: string): Owned {
  const out: Out<MaybePointer> = [null];
  checkStatus('RegCreateKeyExW', advapi32().RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, null, REG_OPTION_NON_VOLATILE, KEY.ALL_ACCESS | KEY.WOW64_64KEY, null, out, null), `HKLM\\${path}`);
  return ownKey(checkOut('RegCreateKeyExW', out[0]), `HKLM\\${path}`);
}

/** Opens HKLM\`path` for reading; undefined when it does not exist. The caller closes the key. */
export function openMachineKey(path: string): Owned | undefined {
  const out: Out<MaybePointer> = [null];
  const status = advapi32().RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY.READ | KEY.WOW64_64KEY, out);
  if (status === ERROR.FILE_NOT_FOUND) return undefined;
  checkStatus('RegOpenKeyExW', status, `HKLM\\${path}`);
  return ownKey(checkOut('RegOpenKeyExW', out[0]), `HKLM\\${path}`);
}

/** Writes a REG_SZ (or REG_EXPAND_SZ with `expand`), REG_DWORD or REG_MULTI_SZ value. */
export function setValue(key: Owned, name: string, value: RegistryValue, expand = false): void {
  let type: number;
  let data: Buffer;
  if (typeof value === 'number') {
    type = REG.DWORD;
    data = Buffer.alloc(4);
    data.writeUInt32LE(value >>> 0);
  } else if (typeof value === 'string') {
    type = expand ? REG.EXPAND_SZ : REG.SZ;
    data = wideBuffer(value);
  } else {
    type = REG.MULTI_SZ;
    data = multiString(value);
  }
  checkStatus('RegSetValueExW', advapi32().RegSetValueExW(key.value, name, 0, type, data, data.length), `${key.what}\\${name}`);
}

/** The most data read per value: larger values are reported and left out, never fatal to the rest. */
export const MAX_VALUE_BYTES = 64 * 1024;

/** A value left out of readValues, and why. */
export interface UnreadValue {
  readonly name: string;
  readonly problem: string;
}

/**
 * Every value of a key: strings, DWORDs (as numbers), multi-strings. A value that is too large
 * or of another type is left out and told to `unread`, so one bad value never hides the others
 * (SECURITY.md I4). A failure to enumerate the key itself throws.
 */
export function readValues(key: Owned, unread: (value: UnreadValue) => void = () => undefined): Map<string, RegistryValue> {
  const values = new Map<string, RegistryValue>();
  for (let index = 0; ; index++) {
    const name = Buffer.alloc(2 * 16384);
    const nameLength: Out<number> = [16384];
    const type: Out<number> = [0];
    const size: Out<number> = [MAX_VALUE_BYTES];
    const data = Buffer.alloc(size[0]);
    const status = advapi32().RegEnumValueW(key.value, index, name, nameLength, null, type, data, size);
    if (status === ERROR.NO_MORE_ITEMS) return values;
    if (status === ERROR.MORE_DATA) {
      // The name is filled in even when the data does not fit.
      unread({ name: wideFromBuffer(name, nameLength[0]), problem: `larger than ${MAX_VALUE_BYTES} bytes (${size[0]})` });
      continue;
    }
    checkStatus('RegEnumValueW', status, key.what);
    const valueName = wideFromBuffer(name, nameLength[0]);
    const bytes = data.subarray(0, size[0]);
    if (type[0] === REG.DWORD && bytes.length >= 4) values.set(valueName, bytes.readUInt32LE(0));
    else if (type[0] === REG.SZ || type[0] === REG.EXPAND_SZ) values.set(valueName, wideFromBuffer(bytes));
    else if (type[0] === REG.MULTI_SZ) values.set(valueName, bytes.toString('utf16le').split('\0').filter((item) => item !== ''));
    else unread({ name: valueName, problem: `of registry type ${type[0]}, which is read only as REG_SZ, REG_EXPAND_SZ, REG_DWORD or REG_MULTI_SZ` });
  }
}

/** Deletes HKLM\`path` and everything below it; nothing when it does not exist. */
export function deleteMachineTree(path: string): void {
  const status = advapi32().RegDeleteTreeW(HKEY_LOCAL_MACHINE, path);
  if (status !== ERROR.FILE_NOT_FOUND) checkStatus('RegDeleteTreeW', status, `HKLM\\${path}`);
}
