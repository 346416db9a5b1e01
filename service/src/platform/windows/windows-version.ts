/**
 * The oldest Windows Tandem supports, and the check the service makes at start (SECURITY.md
 * F10): Windows 10 version 1809 / Windows Server 2019 (build 17763).
 *
 * Why that floor: the admin pipe sits under \ProtectedPrefix\Administrators, where only
 * administrators and LocalSystem may create pipes, so no user can take its name first. On a build
 * without named-pipe secure prefixes it is an ordinary name, and a user who creates it while the
 * service is down makes every later start fail (E_CONFLICT). James Forshaw documented the
 * prefixes on 5 November 2017 as "a recent addition to Windows" ("Named Pipe Secure Prefixes",
 * tiraniddo.dev), weeks after Windows 10 1709 (build 16299) shipped; 1607 / Server 2016 (14393)
 * predates them. 1809 is the first long-term servicing release after that (LTSC 2019, Server 2019),
 * a year later, and the oldest Windows 10 / Server release still in Microsoft's support.
 * The real-Windows suite checks that a standard user cannot create a pipe under the prefix.
 * Plain data here (no koffi): the decision is tested on Linux.
 */

export const MINIMUM_BUILD = 17763;
export const MINIMUM_NAME = 'Windows 10 version 1809 or Windows Server 2019 (build 17763)';

export interface WindowsVersion {
  readonly major: number;
  readonly minor: number;
  readonly build: number;
}

export type SupportDecision = { readonly supported: true } | { readonly supported: false; readonly message: string };

export function decideSupport(version: WindowsVersion): SupportDecision {
  const newer = version.major > 10 || (version.major === 10 && (version.minor > 0 || version.build >= MINIMUM_BUILD));
  if (newer) return { supported: true };
  return {
    supported: false,
    message:
      `Tandem needs ${MINIMUM_NAME} or later; this is Windows ${version.major}.${version.minor} build ${version.build}. ` +
      'Older builds lack the \\ProtectedPrefix\\Administrators pipe namespace, so any user could take the admin pipe\'s name first.',
  };
}
