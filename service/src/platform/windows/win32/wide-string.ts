/** UTF-16 strings in native memory and buffers, as Win32's W functions read and write them. */
import { koffi, type Pointer } from './koffi.js';

/** A NUL-terminated UTF-16LE buffer of `text` (for APIs that may write to it, e.g. a command line). */
export function wideBuffer(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf16le');
}

/** Reads a NUL-terminated UTF-16 string at `pointer`. */
export function readWide(pointer: Pointer): string {
  return koffi().decode.string16(pointer);
}

/** Reads the UTF-16 text an API wrote into `buffer`, up to its first NUL. */
export function wideFromBuffer(buffer: Buffer, chars?: number): string {
  const text = buffer.toString('utf16le', 0, chars === undefined ? buffer.length : chars * 2);
  const end = text.indexOf('\0');
  return end === -1 ? text : text.slice(0, end);
}

/** A REG_MULTI_SZ-style list: each string NUL-terminated, then one more NUL. */
export function multiString(items: readonly string[]): Buffer {
  return Buffer.from(`${items.map((item) => `${item}\0`).join('')}\0`, 'utf16le');
}
