/** File-system error codes in words an administrator can act on. */
export function explainFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
      return 'a file stands where a directory is expected';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
