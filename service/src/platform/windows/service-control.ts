/**
 * Installing, configuring, starting, stopping and removing the Tandem service through the SCM.
 * Everything here is idempotent: installing twice leaves one correctly configured service,
 * uninstalling what is not there succeeds. Failures say what to do (elevate, close the tool that
 * keeps a deleted service alive), not just a code.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TandemError } from '@tandem/shared/errors';
import { composeCommandLine } from './command-line.js';
import { advapi32 } from './win32/advapi32.js';
import { check, lastError } from './win32/call.js';
import {
  SC_MANAGER,
  SC_STATUS_PROCESS_INFO,
  SERVICE_ACCESS,
  SERVICE_AUTO_START,
  SERVICE_CONTROL,
  SERVICE_ERROR_NORMAL,
  SERVICE_NO_CHANGE,
  SERVICE_STATE,
  SERVICE_WIN32_OWN_PROCESS,
} from './win32/constants.js';
import { ownServiceHandle, type Owned } from './win32/handle.js';
import { koffi, win32Types, type Out } from './win32/koffi.js';
import type { QueryServiceConfig, ServiceStatusProcess } from './win32/types.js';
import { ERROR, Win32Error } from './win32/win32-error.js';
import { applyServiceSettings, type ServiceSettings } from './service-settings.js';

export interface ServiceDefinition extends ServiceSettings {
  readonly name: string;
  readonly displayName: string;
  /** The program and its arguments; composed into a quoted command line. */
  readonly executable: string;
  readonly args: readonly string[];
}

export type ServiceStateName = 'stopped' | 'start-pending' | 'stop-pending' | 'running' | 'continue-pending' | 'pause-pending' | 'paused';

export interface ServiceReport {
  readonly state: ServiceStateName;
  readonly pid: number | null;
  readonly win32ExitCode: number;
  readonly serviceExitCode: number;
  readonly binaryPath: string | null;
  readonly startType: 'automatic' | 'manual' | 'disabled' | 'other';
  readonly account: string | null;
}

export interface InstallResult {
  /** False when the service already existed and was reconfigured instead. */
  readonly created: boolean;
  /** Settings this SCM refused (Wine refuses several), each with the reason. */
  readonly warnings: readonly string[];
}

const STATE_NAMES: Record<number, ServiceStateName> = {
  [SERVICE_STATE.STOPPED]: 'stopped',
  [SERVICE_STATE.START_PENDING]: 'start-pending',
  [SERVICE_STATE.STOP_PENDING]: 'stop-pending',
  [SERVICE_STATE.RUNNING]: 'running',
  [SERVICE_STATE.CONTINUE_PENDING]: 'continue-pending',
  [SERVICE_STATE.PAUSE_PENDING]: 'pause-pending',
  [SERVICE_STATE.PAUSED]: 'paused',
};

const POLL_MS = 100;

export interface WaitOptions {
  /** How long to wait for the state wanted. */
  readonly timeoutMs?: number;
  /** How often to look (default 100 ms; the benchmark looks more often). */
  readonly pollMs?: number;
}

/** Opens the SCM. Access denied means the caller is not an elevated administrator. */
export function openScm(access: number): Owned {
  const raw = advapi32().OpenSCManagerW(null, null, access);
  if (raw === null) {
    const code = lastError();
    if (code === ERROR.ACCESS_DENIED) {
      throw new TandemError('E_FORBIDDEN', 'the service control manager refused access: run this from an elevated (Run as administrator) prompt', {
        cause: new Win32Error('OpenSCManagerW', code),
      });
    }
    throw new Win32Error('OpenSCManagerW', code);
  }
  return ownServiceHandle(raw, 'service control manager');
}

/** Opens a service; undefined when it is not installed. The caller closes it. */
export function openService(scm: Owned, name: string, access: number): Owned | undefined {
  const raw = advapi32().OpenServiceW(scm.value, name, access);
  if (raw !== null) return ownServiceHandle(raw, `service ${name}`);
  const code = lastError();
  if (code === ERROR.SERVICE_DOES_NOT_EXIST) return undefined;
  if (code === ERROR.ACCESS_DENIED) {
    throw new TandemError('E_FORBIDDEN', `access to the ${name} service denied: run this from an elevated (Run as administrator) prompt`, {
      cause: new Win32Error('OpenServiceW', code, name),
    });
  }
  throw new Win32Error('OpenServiceW', code, name);
}

function withService<T>(name: string, scmAccess: number, access: number, use: (service: Owned | undefined) => T): T {
  const scm = openScm(scmAccess);
  try {
    const service = openService(scm, name, access);
    try {
      return use(service);
    } finally {
      service?.close();
    }
  } finally {
    scm.close();
  }
}

function statusOf(service: Owned): ServiceStatusProcess {
  const type = win32Types().SERVICE_STATUS_PROCESS;
  const buffer = Buffer.alloc(koffi().sizeof(type));
  const needed: Out<number> = [0];
  check('QueryServiceStatusEx', advapi32().QueryServiceStatusEx(service.value, SC_STATUS_PROCESS_INFO, buffer, buffer.length, needed), service.what);
  return koffi().decode(buffer, type) as ServiceStatusProcess;
}

function configOf(service: Owned): QueryServiceConfig {
  const needed: Out<number> = [0];
  advapi32().QueryServiceConfigW(service.value, null, 0, needed);
  const buffer = Buffer.alloc(Math.max(needed[0], 64));
  check('QueryServiceConfigW', advapi32().QueryServiceConfigW(service.value, buffer, buffer.length, needed), service.what);
  return koffi().decode(buffer, win32Types().QUERY_SERVICE_CONFIGW) as QueryServiceConfig;
}

function report(service: Owned): ServiceReport {
  const status = statusOf(service);
  const config = configOf(service);
  const startTypes: Record<number, ServiceReport['startType']> = { 2: 'automatic', 3: 'manual', 4: 'disabled' };
  return {
    state: STATE_NAMES[status.dwCurrentState] ?? 'stopped',
    pid: status.dwProcessId === 0 ? null : status.dwProcessId,
    win32ExitCode: status.dwWin32ExitCode,
    serviceExitCode: status.dwServiceSpecificExitCode,
    binaryPath: config.lpBinaryPathName,
    startType: startTypes[config.dwStartType] ?? 'other',
    account: config.lpServiceStartName,
  };
}

/** The service's state and configuration; null when it is not installed. Needs no elevation. */
export function queryService(name: string): ServiceReport | null {
  return withService(name, SC_MANAGER.CONNECT, SERVICE_ACCESS.QUERY_STATUS | SERVICE_ACCESS.QUERY_CONFIG, (service) =>
    service === undefined ? null : report(service),
  );
}

/** The pid of the running service's process; null when it is not installed or not running. */
export function queryServiceProcessId(name: string): number | null {
  return withService(name, SC_MANAGER.CONNECT, SERVICE_ACCESS.QUERY_STATUS, (service) => {
    if (service === undefined) return null;
    const status = statusOf(service);
    return status.dwCurrentState === SERVICE_STATE.STOPPED || status.dwProcessId === 0 ? null : status.dwProcessId;
  });
}

/** Creates the service, or reconfigures the one already there. Requires elevation. */
export async function installService(definition: ServiceDefinition, options: { markedForDeleteWaitMs?: number } = {}): Promise<InstallResult> {
  const commandLine = composeCommandLine(definition.executable, definition.args);
  const scm = openScm(SC_MANAGER.ALL_ACCESS);
  try {
    const deadline = Date.now() + (options.markedForDeleteWaitMs ?? 10_000);
    for (;;) {
      const raw = advapi32().CreateServiceW(
        scm.value,
        definition.name,
        definition.displayName,
        SERVICE_ACCESS.ALL_ACCESS,
        SERVICE_WIN32_OWN_PROCESS,
        SERVICE_AUTO_START,
        SERVICE_ERROR_NORMAL,
        commandLine,
        null,
        null,
        null,
        null, // LocalSystem
        null,
      );
      if (raw !== null) {
        const service = ownServiceHandle(raw, `service ${definition.name}`);
        try {
          return { created: true, warnings: applyServiceSettings(service, definition) };
        } finally {
          service.close();
        }
      }
      const code = lastError();
      if (code === ERROR.SERVICE_EXISTS) return { created: false, warnings: reconfigure(scm, definition, commandLine) };
      if (code === ERROR.SERVICE_MARKED_FOR_DELETE) {
        if (Date.now() < deadline) {
          await sleep(250);
          continue;
        }
        throw new TandemError(
          'E_CONFLICT',
          `the ${definition.name} service is marked for deletion and still open somewhere: close the Services console, Event Viewer or Task Manager (or restart Windows), then install again`,
          { cause: new Win32Error('CreateServiceW', code) },
        );
      }
      throw new Win32Error('CreateServiceW', code, definition.name);
    }
  } finally {
    scm.close();
  }
}

function reconfigure(scm: Owned, definition: ServiceDefinition, commandLine: string): string[] {
  const service = openService(scm, definition.name, SERVICE_ACCESS.ALL_ACCESS);
  if (service === undefined) throw new Win32Error('OpenServiceW', ERROR.SERVICE_DOES_NOT_EXIST, definition.name);
  try {
    check(
      'ChangeServiceConfigW',
      advapi32().ChangeServiceConfigW(service.value, SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START, SERVICE_ERROR_NORMAL, commandLine, null, null, null, 'LocalSystem', null, definition.displayName),
      definition.name,
    );
    return applyServiceSettings(service, definition);
  } finally {
    service.close();
  }
}

/**
 * Applies Tandem's settings to the installed service, and its command line composed the way
 * CreateServiceW gets it (the executable quoted): an MSI's InstallServices joins the key file's
 * path and the arguments, and Wine's does not quote a path with spaces, which would let Windows
 * try `C:\Program.exe` first. Start type and account stay as the installer set them. Requires elevation.
 */
export function applySettingsTo(name: string, command: { readonly executable: string; readonly args: readonly string[] }, settings: ServiceSettings): string[] {
  const scm = openScm(SC_MANAGER.CONNECT);
  try {
    const service = requireService(scm, name, SERVICE_ACCESS.ALL_ACCESS);
    try {
      const commandLine = composeCommandLine(command.executable, command.args);
      check(
        'ChangeServiceConfigW',
        advapi32().ChangeServiceConfigW(service.value, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, commandLine, null, null, null, null, null, null),
        name,
      );
      return applyServiceSettings(service, settings);
    } finally {
      service.close();
    }
  } finally {
    scm.close();
  }
}

async function waitForState(name: string, service: Owned, wanted: number, timeoutMs: number, pollMs = POLL_MS): Promise<ServiceStatusProcess> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = statusOf(service);
    if (status.dwCurrentState === wanted) return status;
    if (wanted === SERVICE_STATE.RUNNING && status.dwCurrentState === SERVICE_STATE.STOPPED) {
      throw new TandemError('E_UNAVAILABLE', `the ${name} service stopped while starting (${exitDescription(status)})`);
    }
    if (Date.now() >= deadline) {
      throw new TandemError('E_TIMEOUT', `the ${name} service is still ${STATE_NAMES[status.dwCurrentState] ?? status.dwCurrentState} after ${timeoutMs / 1000} s`);
    }
    await sleep(pollMs);
  }
}

function exitDescription(status: ServiceStatusProcess): string {
  if (status.dwWin32ExitCode === ERROR.SERVICE_SPECIFIC_ERROR) return `service-specific exit code ${status.dwServiceSpecificExitCode}; see the Event Log`;
  return new Win32Error('service', status.dwWin32ExitCode).message.replace(/^service failed: /, 'exit ');
}

/** Opens the SCM and an installed service (E_NOT_FOUND when it is not), runs `use`, closes both. */
async function withInstalledService<T>(name: string, access: number, use: (service: Owned) => Promise<T>): Promise<T> {
  const scm = openScm(SC_MANAGER.CONNECT);
  try {
    const service = requireService(scm, name, access);
    try {
      return await use(service);
    } finally {
      service.close();
    }
  } finally {
    scm.close();
  }
}

/** Starts the service and waits until it reports RUNNING. Already running is success. */
export async function startService(name: string, { timeoutMs = 30_000, pollMs = POLL_MS }: WaitOptions = {}): Promise<ServiceReport> {
  return withInstalledService(name, SERVICE_ACCESS.START | SERVICE_ACCESS.QUERY_STATUS | SERVICE_ACCESS.QUERY_CONFIG, async (service) => {
    if (advapi32().StartServiceW(service.value, 0, null) === 0) {
      const code = lastError();
      if (code !== ERROR.SERVICE_ALREADY_RUNNING) throw serviceError('StartServiceW', code, name);
    }
    await waitForState(name, service, SERVICE_STATE.RUNNING, timeoutMs, pollMs);
    return report(service);
  });
}

/** Asks the service to stop and waits until it is STOPPED. Already stopped is success. */
export async function stopService(name: string, { timeoutMs = 60_000, pollMs = POLL_MS }: WaitOptions = {}): Promise<ServiceReport> {
  return withInstalledService(name, SERVICE_ACCESS.STOP | SERVICE_ACCESS.QUERY_STATUS | SERVICE_ACCESS.QUERY_CONFIG, async (service) => {
    await stopOpened(name, service, timeoutMs, pollMs);
    return report(service);
  });
}

async function stopOpened(name: string, service: Owned, timeoutMs: number, pollMs = POLL_MS): Promise<void> {
  const status = Buffer.alloc(koffi().sizeof(win32Types().SERVICE_STATUS));
  if (advapi32().ControlService(service.value, SERVICE_CONTROL.STOP, status) === 0) {
    const code = lastError();
    // Not running, or already stopping: then wait for STOPPED all the same.
    if (code !== ERROR.SERVICE_NOT_ACTIVE && code !== ERROR.SERVICE_CANNOT_ACCEPT_CTRL) throw serviceError('ControlService', code, name);
  }
  await waitForState(name, service, SERVICE_STATE.STOPPED, timeoutMs, pollMs);
}

/** The access right ControlService needs for `control`. */
function accessFor(control: number): number {
  if (control === SERVICE_CONTROL.STOP) return SERVICE_ACCESS.STOP;
  if (control === SERVICE_CONTROL.INTERROGATE) return SERVICE_ACCESS.INTERROGATE;
  if (control >= 128 && control <= 255) return SERVICE_ACCESS.USER_DEFINED_CONTROL;
  // PAUSE, CONTINUE, PARAMCHANGE and the NETBIND controls.
  return SERVICE_ACCESS.PAUSE_CONTINUE;
}

/** Sends a control code (PARAMCHANGE, INTERROGATE, or 128–255) to the running service. */
export function controlService(name: string, control: number): void {
  withService(name, SC_MANAGER.CONNECT, accessFor(control), (service) => {
    if (service === undefined) throw new TandemError('E_NOT_FOUND', `the ${name} service is not installed`);
    const status = Buffer.alloc(koffi().sizeof(win32Types().SERVICE_STATUS));
    if (advapi32().ControlService(service.value, control, status) === 0) throw serviceError('ControlService', lastError(), name);
  });
}

/**
 * Stops the service (which stops its agents), deletes it and waits until the SCM has really
 * removed it. Returns false when it was not installed.
 */
export async function uninstallService(name: string, timeoutMs = 60_000): Promise<{ removed: boolean; warnings: string[] }> {
  const warnings: string[] = [];
  const scm = openScm(SC_MANAGER.ALL_ACCESS);
  try {
    const service = openService(scm, name, SERVICE_ACCESS.ALL_ACCESS);
    if (service === undefined) return { removed: false, warnings };
    try {
      await stopOpened(name, service, timeoutMs);
      if (advapi32().DeleteService(service.value) === 0) {
        const code = lastError();
        if (code !== ERROR.SERVICE_MARKED_FOR_DELETE) throw serviceError('DeleteService', code, name);
      }
    } finally {
      service.close();
    }
    // Deletion completes when the last handle to the service closes; wait it out.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = openService(scm, name, SERVICE_ACCESS.QUERY_STATUS);
      if (probe === undefined) break;
      probe.close();
      if (Date.now() >= deadline) {
        warnings.push(`the ${name} service is marked for deletion; it disappears once the Services console or another tool holding it is closed`);
        break;
      }
      await sleep(POLL_MS);
    }
    return { removed: true, warnings };
  } finally {
    scm.close();
  }
}

function requireService(scm: Owned, name: string, access: number): Owned {
  const service = openService(scm, name, access);
  if (service === undefined) throw new TandemError('E_NOT_FOUND', `the ${name} service is not installed (install it with: tandemctl service install)`);
  return service;
}

function serviceError(api: string, code: number, name: string): Error {
  const cause = new Win32Error(api, code, name);
  if (code === ERROR.ACCESS_DENIED) return new TandemError('E_FORBIDDEN', `access to the ${name} service denied: run this from an elevated prompt`, { cause });
  if (code === ERROR.SERVICE_DISABLED) return new TandemError('E_UNAVAILABLE', `the ${name} service is disabled`, { cause });
  if (code === ERROR.SERVICE_MARKED_FOR_DELETE) return new TandemError('E_CONFLICT', `the ${name} service is marked for deletion`, { cause });
  return cause;
}
