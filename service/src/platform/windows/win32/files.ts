/**
 * Files and directories opened as themselves: never through a junction, symbolic link or other
 * reparse point (FILE_FLAG_OPEN_REPARSE_POINT opens the link, not what it points to), with the
 * facts Tandem checks before trusting one: attributes, where the handle really is, its owner.
 */
import { check, checkHandle } from './call.js';
import {
  FILE_FLAG_BACKUP_SEMANTICS,
  FILE_FLAG_OPEN_REPARSE_POINT,
  FILE_NAME_NORMALIZED,
  FILE_SHARE_DELETE,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  OPEN_EXISTING,
} from './constants.js';
import { ownHandle, type Owned } from './handle.js';
import { kernel32 } from './kernel32.js';
import { koffi, win32Types, type Pointer } from './koffi.js';
import type { ByHandleFileInformation } from './types.js';
import { Win32Error } from './win32-error.js';
import { wideFromBuffer } from './wide-string.js';

/**
 * Opens `path` itself (a file, a directory or a link) with `access`; the caller closes the handle.
 * Others may keep reading, writing and deleting meanwhile: only the service's own start uses it.
 */
export function openWithoutFollowing(path: string, access: number): Owned {
  const raw = kernel32().CreateFileW(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, null, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, null);
  return ownHandle(checkHandle('CreateFileW', raw, path), path);
}

/** FILE_ATTRIBUTE_* of an open file or directory. */
export function fileAttributes(handle: Pointer): number {
  const type = win32Types().BY_HANDLE_FILE_INFORMATION;
  const info = Buffer.alloc(koffi().sizeof(type));
  check('GetFileInformationByHandle', kernel32().GetFileInformationByHandle(handle, info));
  return (koffi().decode(info, type) as ByHandleFileInformation).dwFileAttributes;
}

/** Where an open handle really is, as Windows resolved it: `\\?\C:\ProgramData\Tandem`. */
export function finalPath(handle: Pointer): string {
  let chars = 512;
  for (;;) {
    const buffer = Buffer.alloc(chars * 2);
    const length = kernel32().GetFinalPathNameByHandleW(handle, buffer, chars, FILE_NAME_NORMALIZED);
    if (length === 0) throw new Win32Error('GetFinalPathNameByHandleW', kernel32().GetLastError());
    if (length < chars) return wideFromBuffer(buffer, length);
    chars = length + 1;
  }
}

/** `path` with every 8.3 short name expanded (C:\Users\RUNNER~1 → C:\Users\runneradmin). */
export function longPath(path: string): string {
  const chars = kernel32().GetLongPathNameW(path, null, 0);
  if (chars === 0) throw new Win32Error('GetLongPathNameW', kernel32().GetLastError(), path);
  const buffer = Buffer.alloc(chars * 2);
  const written = kernel32().GetLongPathNameW(path, buffer, chars);
  if (written === 0 || written >= chars) throw new Win32Error('GetLongPathNameW', kernel32().GetLastError(), path);
  return wideFromBuffer(buffer, written);
}

/** Renames `from` (a link itself, never its target) to `to` on the same volume. */
export function renameEntry(from: string, to: string): void {
  check('MoveFileExW', kernel32().MoveFileExW(from, to, 0), `${from} → ${to}`);
}
