/**
 * The SCM settings beyond CreateServiceW (ChangeServiceConfig2W): description, restart on
 * failure, preshutdown time, service SID, required privileges, delayed start. Each is applied on
 * its own; a level this SCM does not implement (ERROR_INVALID_LEVEL, as Wine for several) is
 * reported as a warning naming the setting, never skipped silently. Any other failure throws.
 */
import { advapi32 } from './win32/advapi32.js';
import { lastError } from './win32/call.js';
import { SC_ACTION_RESTART, SERVICE_CONFIG, SERVICE_SID_TYPE_UNRESTRICTED } from './win32/constants.js';
import type { Owned } from './win32/handle.js';
import { koffi, win32Types, type Out } from './win32/koffi.js';
import type { ServiceFailureActions } from './win32/types.js';
import { ERROR, Win32Error } from './win32/win32-error.js';
import { multiString, wideBuffer } from './win32/wide-string.js';

export interface ServiceSettings {
  readonly description: string;
  /** Start automatically a little after boot instead of during it. */
  readonly delayedStart: boolean;
  /** How long Windows waits at shutdown for the service to stop its agents (PRESHUTDOWN). */
  readonly preshutdownTimeoutMs: number;
  /**
   * The only privileges the service process keeps (SERVICE_CONFIG_REQUIRED_PRIVILEGES_INFO). Empty
   * means no restriction (test bodies run as full LocalSystem): an empty multi-string is not valid.
   */
  readonly requiredPrivileges: readonly string[];
  /**
   * Restart after a failure (FAILURE_RESTART_DELAYS_MS), a stop with an error exit code included.
   * False removes any failure actions: the Windows suite's services fail on purpose, and a restart
   * queued 30 s later would race the tests after them (REAL-WINDOWS-REVIEW #8).
   */
  readonly restartOnFailure: boolean;
}

/**
 * What LocalSystem keeps: SeTcbPrivilege for WTSQueryUserToken, SeAssignPrimaryTokenPrivilege
 * and SeIncreaseQuotaPrivilege for CreateProcessAsUserW, SeChangeNotifyPrivilege (traverse
 * checking, needed by almost everything).
 *
 * Not SeImpersonatePrivilege (SECURITY.md I2): the service only identifies pipe clients, never
 * acts as them, and MS Learn's ImpersonateNamedPipeClient says every impersonation is allowed
 * without it when "the requested impersonation level of the token is less than SecurityImpersonation,
 * such as SecurityIdentification". Tandem's clients open with SECURITY_IDENTIFICATION; a client that
 * asks for more is lowered to identification by the kernel, which is all admission reads
 * (the token's user, groups and elevation). Without it, a compromised service cannot impersonate
 * whoever connects (the "potato" escalations need exactly this privilege).
 */
export const REQUIRED_PRIVILEGES = ['SeTcbPrivilege', 'SeAssignPrimaryTokenPrivilege', 'SeIncreaseQuotaPrivilege', 'SeChangeNotifyPrivilege'] as const;

/** Restart after 1 s, 5 s, then 30 s; the count resets after a day without failure. */
export const FAILURE_RESTART_DELAYS_MS = [1_000, 5_000, 30_000] as const;
export const FAILURE_RESET_SECONDS = 24 * 60 * 60;

function pointerTo(buffer: Buffer): Buffer {
  const holder = Buffer.alloc(8);
  holder.writeBigUInt64LE(koffi().address(buffer));
  return holder;
}

function dword(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}

/** ChangeServiceConfig2W of one setting; false when this SCM does not implement it (then warned if `requested`). */
type Apply = (what: string, level: number, info: Buffer, requested?: boolean) => boolean;

export function applyServiceSettings(service: Owned, settings: ServiceSettings): string[] {
  const warnings: string[] = [];
  const apply: Apply = (what, level, info, requested = true) => {
    if (advapi32().ChangeServiceConfig2W(service.value, level, info) !== 0) return true;
    const code = lastError();
    if (code !== ERROR.INVALID_LEVEL) throw new Win32Error('ChangeServiceConfig2W', code, what);
    // Turning off what this SCM cannot turn on loses nothing: no warning then.
    if (requested) warnings.push(`${what} not applied: this service control manager does not support it (${new Win32Error('ChangeServiceConfig2W', code).message})`);
    return false;
  };
  // Buffers a pointer field points to stay referenced until ChangeServiceConfig2W returns.
  const description = wideBuffer(settings.description);
  apply('description', SERVICE_CONFIG.DESCRIPTION, pointerTo(description));
  warnings.push(...applyFailureActions(service, settings.restartOnFailure, apply));
  apply('preshutdown timeout', SERVICE_CONFIG.PRESHUTDOWN_INFO, dword(settings.preshutdownTimeoutMs));
  // The service's own SID (NT SERVICE\Tandem) in its token, so ACLs can name the service itself.
  apply('service SID', SERVICE_CONFIG.SERVICE_SID_INFO, dword(SERVICE_SID_TYPE_UNRESTRICTED));
  if (settings.requiredPrivileges.length > 0) {
    const privileges = multiString(settings.requiredPrivileges);
    apply('required privileges', SERVICE_CONFIG.REQUIRED_PRIVILEGES_INFO, pointerTo(privileges));
  }
  apply('delayed automatic start', SERVICE_CONFIG.DELAYED_AUTO_START_INFO, dword(settings.delayedStart ? 1 : 0), settings.delayedStart);
  return warnings;
}

/** Restarts after 1 s, 5 s and 30 s, or no failure actions at all; what the SCM kept is checked. */
function applyFailureActions(service: Owned, restart: boolean, apply: Apply): string[] {
  const warnings: string[] = [];
  const delays = restart ? FAILURE_RESTART_DELAYS_MS : [];
  const actions = restartActions(delays);
  // No actions with a non-NULL array removes any there were (MS Learn, SERVICE_FAILURE_ACTIONSW).
  const failureActions = encodeFailureActions({
    dwResetPeriod: restart ? FAILURE_RESET_SECONDS : 0,
    lpRebootMsg: null,
    lpCommand: null,
    cActions: delays.length,
    lpsaActions: koffi().address(actions),
  });
  if (apply(restart ? 'failure actions (restart after 1 s, 5 s, 30 s)' : 'no failure actions', SERVICE_CONFIG.FAILURE_ACTIONS, failureActions, restart)) {
    const stored = storedFailureActionCount(service);
    if (restart && stored === 0) warnings.push('failure actions not applied: the service control manager accepted them but stored none');
    if (restart && stored === null) warnings.push('failure actions not verified: this service control manager cannot report them back');
    if (!restart && stored !== null && stored !== 0) warnings.push(`failure actions not removed: the service control manager still holds ${stored}`);
  }
  // Also restart when the service stops with an error exit code, not only when it crashes.
  apply('restart on non-crash failures', SERVICE_CONFIG.FAILURE_ACTIONS_FLAG, dword(restart ? 1 : 0), restart);
  return warnings;
}

/** SC_ACTION[] restarting after each delay; never empty, so that its address is never NULL. */
function restartActions(delays: readonly number[]): Buffer {
  const type = win32Types().SC_ACTION;
  const size = koffi().sizeof(type);
  const buffer = Buffer.alloc(size * Math.max(delays.length, 1));
  delays.forEach((delay, i) => koffi().encode(buffer, i * size, type, { Type: SC_ACTION_RESTART, Delay: delay }));
  return buffer;
}

function encodeFailureActions(value: ServiceFailureActions): Buffer {
  const type = win32Types().SERVICE_FAILURE_ACTIONSW;
  const buffer = Buffer.alloc(koffi().sizeof(type));
  koffi().encode(buffer, type, value);
  return buffer;
}

/** How many failure actions the SCM really stored (Wine accepts them and stores none); null if it cannot say. */
export function storedFailureActionCount(service: Owned): number | null {
  const needed: Out<number> = [0];
  advapi32().QueryServiceConfig2W(service.value, SERVICE_CONFIG.FAILURE_ACTIONS, null, 0, needed);
  const buffer = Buffer.alloc(Math.max(needed[0], 64));
  if (advapi32().QueryServiceConfig2W(service.value, SERVICE_CONFIG.FAILURE_ACTIONS, buffer, buffer.length, needed) === 0) {
    const code = lastError();
    if (code === ERROR.INVALID_LEVEL) return null;
    throw new Win32Error('QueryServiceConfig2W', code, 'failure actions');
  }
  return (koffi().decode(buffer, win32Types().SERVICE_FAILURE_ACTIONSW) as ServiceFailureActions).cActions;
}
