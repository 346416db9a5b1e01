/**
 * The environment of a tray action: only what a Windows program needs to find the system and
 * its account's folders, taken from the environment Windows gives that account
 * (environment-block.ts), never from the service's own environment and never from the request.
 * Pure, so the rules are tested on any OS.
 *
 * A SYSTEM action's PATH is the system folders alone: the machine PATH may name folders that
 * users can write (a common misconfiguration), and a SYSTEM program searching it would run their
 * code. A user's action keeps that user's PATH: it runs as them, with nothing they could not run.
 */

/** The variables an action keeps, compared without case as Windows does. */
const KEPT: readonly string[] = [
  'ALLUSERSPROFILE',
  'APPDATA',
  'CommonProgramFiles',
  'CommonProgramFiles(x86)',
  'CommonProgramW6432',
  'COMPUTERNAME',
  'ComSpec',
  'HOMEDRIVE',
  'HOMEPATH',
  'LOCALAPPDATA',
  'NUMBER_OF_PROCESSORS',
  'OS',
  'PATH',
  'PATHEXT',
  'PROCESSOR_ARCHITECTURE',
  'ProgramData',
  'ProgramFiles',
  'ProgramFiles(x86)',
  'ProgramW6432',
  'PUBLIC',
  'SystemDrive',
  'SystemRoot',
  'TEMP',
  'TMP',
  'USERDOMAIN',
  'USERNAME',
  'USERPROFILE',
  'windir',
];
const KEPT_UPPER: ReadonlySet<string> = new Set(KEPT.map((name) => name.toUpperCase()));

/** The system folders, in the order Windows itself lists them in a fresh machine PATH. */
export function systemPath(systemRoot: string): string {
  return [`${systemRoot}\\System32`, systemRoot, `${systemRoot}\\System32\\Wbem`, `${systemRoot}\\System32\\WindowsPowerShell\\v1.0`].join(';');
}

/** The variables of an action running as `runAs`, from `account`: the environment Windows gives that account. */
export function actionVariables(account: ReadonlyMap<string, string>, runAs: 'system' | 'user'): Map<string, string> {
  const variables = new Map([...account].filter(([name]) => KEPT_UPPER.has(name.toUpperCase())));
  if (runAs === 'system') {
    for (const name of variables.keys()) if (name.toUpperCase() === 'PATH') variables.delete(name);
    const systemRoot = [...variables].find(([name]) => name.toUpperCase() === 'SYSTEMROOT')?.[1];
    if (systemRoot !== undefined) variables.set('PATH', systemPath(systemRoot));
  }
  return variables;
}
