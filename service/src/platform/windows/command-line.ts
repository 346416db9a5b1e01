/**
 * Windows command lines: one string the child parses back with CommandLineToArgvW rules. Every
 * argument is quoted when needed (spaces, tabs, quotes, empty); the executable always is, so a
 * path like C:\Program Files\… can never be read as C:\Program.exe (the unquoted-path flaw).
 */

export function quoteArgument(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let quoted = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    // Backslashes before a quote are doubled, and the quote escaped.
    quoted += ch === '"' ? '\\'.repeat(backslashes * 2 + 1) + '"' : '\\'.repeat(backslashes) + ch;
    backslashes = 0;
  }
  // Backslashes before the closing quote are doubled so they do not escape it.
  return `${quoted}${'\\'.repeat(backslashes * 2)}"`;
}

export function composeCommandLine(executable: string, args: readonly string[]): string {
  if (executable.includes('"')) throw new TypeError(`Expected an executable path without quotes, got \`${executable}\``);
  return [`"${executable}"`, ...args.map(quoteArgument)].join(' ');
}
