/**
 * electron-builder's `msiProjectCreated` hook (electron-builder-config.ts names this file): it is
 * awaited after electron-builder wrote project.wxs and before WiX runs, the only moment the
 * service can enter the MSI. It splices the service fragment in (electron-builder-splice.ts) with
 * the staged layout that scripts/stage-install.mjs wrote:
 *   $TANDEM_STAGE when set (absolute, or relative to the working directory),
 *   else artifacts/msi/stage of this repository (stage-install.mjs's default).
 * It refuses a stage that lacks a file the fragment installs, or whose install.json names
 * another version than the MSI's: the service would report one version, Windows another.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRODUCT } from './product.js';
import { MsiProjectError, productVersion, spliceServiceIntoProject, stagedSources } from './electron-builder-splice.js';

/** installer/ (this file runs as installer/dist/src/electron-builder-hook.js). */
const INSTALLER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WIX_DIR = path.join(INSTALLER_DIR, 'wix');
export const STAGE_ENV = 'TANDEM_STAGE';
export const DEFAULT_STAGE = path.join(INSTALLER_DIR, '..', 'artifacts', 'msi', 'stage');
const STAGE_HOW = `run \`npm run build\` then \`node scripts/stage-install.mjs [--version x.y.z]\`, or set ${STAGE_ENV} to a staged layout`;

/** Where the staged layout is on this machine. */
export function stageDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[STAGE_ENV];
  return configured === undefined || configured === '' ? DEFAULT_STAGE : path.resolve(configured);
}

/**
 * The stage as WiX reads it. On Windows, the path itself; elsewhere electron-builder runs WiX
 * under Wine, where drive Z: is the root of the Linux file system (its own paths get the same).
 */
export function stagePathForWix(stage: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? path.win32.resolve(stage) : `Z:${path.posix.resolve(stage).replaceAll('/', '\\')}`;
}

/** Throws unless `stage` holds every file the fragment installs, staged for `msiVersion`. */
export function checkStage(stage: string, fragmentWxs: string, msiVersion: string): void {
  if (!existsSync(stage)) throw new MsiProjectError('E_BAD_PART', `no staged service at ${stage}: ${STAGE_HOW}`);
  const missing = stagedSources(fragmentWxs).filter((source) => !existsSync(path.join(stage, source)));
  if (missing.length > 0) throw new MsiProjectError('E_BAD_PART', `the stage ${stage} lacks ${missing.join(', ')}: ${STAGE_HOW}`);
  const manifest = path.join(stage, 'service', 'install.json');
  const staged: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
  const stagedVersion = typeof staged === 'object' && staged !== null && 'version' in staged && typeof staged.version === 'string' ? staged.version : null;
  if (stagedVersion === null) throw new MsiProjectError('E_BAD_PART', `${manifest} has no "version"`);
  // electron-builder writes x.y.z as x.y.z.0 (a prerelease number would be the fourth part).
  const msiBase = msiVersion.split('.').slice(0, 3).join('.');
  if (stagedVersion.split(/[-+]/)[0] !== msiBase) {
    throw new MsiProjectError(
      'E_BAD_PART',
      `the stage ${stage} holds Tandem ${stagedVersion}, but the MSI is version ${msiVersion}: stage with --version ${msiBase}, or build with -c.extraMetadata.version=${stagedVersion}`,
    );
  }
}

/** The hook: splices the service into `projectFile` in place. */
export async function msiProjectCreated(projectFile: string): Promise<void> {
  const project = readFileSync(projectFile, 'utf8');
  const fragmentWxs = readFileSync(path.join(WIX_DIR, 'tandem-service.wxs'), 'utf8');
  const actionsWxi = readFileSync(path.join(WIX_DIR, 'tandem-service-actions.wxi'), 'utf8');
  const stage = stageDirectory();
  checkStage(stage, fragmentWxs, productVersion(project));
  const spliced = spliceServiceIntoProject(project, { fragmentWxs, actionsWxi, stageDir: stagePathForWix(stage), installFolderName: PRODUCT.name, toastActivatorClsid: PRODUCT.toastActivatorClsid });
  writeFileSync(projectFile, spliced);
  // The test reads the project's path from this line: keep the path last.
  console.log(`  • Tandem: spliced the service staged in ${stage} into ${projectFile}`);
}
