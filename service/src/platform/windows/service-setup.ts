/**
 * What makes an installed service Tandem's, beyond what CreateServiceW or the MSI's
 * ServiceInstall can say: its SCM settings (service-settings.ts), an Environment value that keeps
 * Node's variables from the machine environment out of a SYSTEM process (SECURITY.md F11),
 * and, first of all, the check that nobody but SYSTEM, Administrators and TrustedInstaller can
 * change the code it will run (F1). `tandemctl service install` and the MSI's configure step
 * (`tandem-service configure`) both come here, so both install the same service.
 */
import { TandemError } from '@tandem/shared/errors';
import { codeFiles, type ProgramCommand } from '../../install-layout.js';
import { applySettingsTo } from './service-control.js';
import { REQUIRED_PRIVILEGES, type ServiceSettings } from './service-settings.js';
import { assertTrustedCode } from './trusted-code.js';
import { createMachineKey, setValue } from './win32/registry.js';

export const SERVICE_DESCRIPTION = 'Runs the Tandem agent in every user session and serves tandemctl.';

/**
 * Node reads these from its environment before any of Tandem's code runs: `--require` of any
 * file, module search paths, extra CA certificates, coverage and warning files. The SCM gives a
 * service the machine environment, so a machine-wide NODE_OPTIONS set up for developer tooling
 * would run in a SYSTEM process. The service's Environment value sets each to empty.
 */
export const CLEARED_NODE_VARIABLES = [
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
  'NODE_ICU_DATA',
  'NODE_REDIRECT_WARNINGS',
  'NODE_V8_COVERAGE',
  'NODE_PRESERVE_SYMLINKS',
  'NODE_PENDING_DEPRECATION',
  'NODE_DEBUG',
  'NODE_DEBUG_NATIVE',
  'NODE_COMPILE_CACHE',
  'NODE_REPL_EXTERNAL_MODULE',
] as const;

/** The variables whose presence makes the service refuse to start: these two load code. */
export const REFUSED_NODE_VARIABLES = ['NODE_OPTIONS', 'NODE_PATH'] as const;

export function tandemServiceSettings(delayedStart = false): ServiceSettings {
  return { description: SERVICE_DESCRIPTION, delayedStart, preshutdownTimeoutMs: 20_000, requiredPrivileges: REQUIRED_PRIVILEGES, restartOnFailure: true };
}

export function serviceKey(name: string): string {
  return `SYSTEM\\CurrentControlSet\\Services\\${name}`;
}

/** Writes the service's Environment value (REG_MULTI_SZ): every variable of CLEARED_NODE_VARIABLES, empty. */
export function writeServiceEnvironment(name: string): void {
  const key = createMachineKey(serviceKey(name));
  try {
    setValue(key, 'Environment', CLEARED_NODE_VARIABLES.map((variable) => `${variable}=`));
  } finally {
    key.close();
  }
}

/** Refuses (E_FORBIDDEN) unless only trusted accounts can change the code of `service` and `agent`. */
export function assertServiceCodeTrusted(service: ProgramCommand, agent: ProgramCommand, action: string): void {
  assertTrustedCode(codeFiles(service, agent), action);
}

/**
 * The MSI's configure step: the installed service gets Tandem's settings and Environment value,
 * after the check that its code is safe to run as SYSTEM. Idempotent. Returns the settings this
 * SCM refused (Wine refuses several), as warnings.
 */
export function configureInstalledService(name: string, service: ProgramCommand, agent: ProgramCommand): string[] {
  assertServiceCodeTrusted(service, agent, `configure the ${name} service`);
  const warnings = applySettingsTo(name, { executable: service.executable, args: [...service.args, 'run'] }, tandemServiceSettings());
  writeServiceEnvironment(name);
  return warnings;
}

/**
 * At every start, before anything runs: Node's code-loading variables must not have reached the
 * service (its Environment value clears them; one set there or by a changed install is refused),
 * and the code it runs and launches must still be writable only by trusted accounts. A failure
 * is a failed start, with its exit code and Event Log entry.
 */
export function assertSafeServiceRuntime(agent: ProgramCommand, env: NodeJS.ProcessEnv = process.env): void {
  const set = REFUSED_NODE_VARIABLES.filter((variable) => (env[variable] ?? '') !== '');
  if (set.length > 0) {
    throw new TandemError(
      'E_FORBIDDEN',
      `${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set in the service's environment, which would load code into a SYSTEM process: remove ${set.length > 1 ? 'them' : 'it'} from the machine environment, or reinstall Tandem (its installer clears Node's variables for the service)`,
    );
  }
  const script = process.argv[1];
  assertServiceCodeTrusted({ executable: process.execPath, args: script === undefined ? [] : [script] }, agent, 'start the service');
}
