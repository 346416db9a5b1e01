/**
 * The files a spliced project.wxs installs, as the paths their `Source` names, split by origin:
 * electron-builder's harvest of the packed app (`$(var.appDir)/…`) and the service fragment's
 * staged layout. A service file also shipped in the app (say through extraResources) would be
 * installed twice, the second copy without the service's components and custom actions.
 */

export interface ProjectFiles {
  /** Paths relative to the packed app folder, `/`-separated. */
  readonly app: readonly string[];
  /** Paths relative to the stage, `/`-separated. */
  readonly stage: readonly string[];
  /** Sources that are neither. */
  readonly other: readonly string[];
}

const APP_DIR = '$(var.appDir)';

export function projectFiles(project: string, stageForWix: string): ProjectFiles {
  const app: string[] = [];
  const stage: string[] = [];
  const other: string[] = [];
  for (const match of project.matchAll(/<File\b[^>]*\sSource="([^"]+)"/g)) {
    const source = (match[1] ?? '').replaceAll('&amp;', '&');
    if (source.startsWith(APP_DIR)) app.push(normalize(source.slice(APP_DIR.length)));
    else if (source.startsWith(stageForWix)) stage.push(normalize(source.slice(stageForWix.length)));
    else other.push(source);
  }
  return { app, stage, other };
}

/**
 * The app files that are a staged service file shipped again: same path, or the same path under
 * another folder (resources/service/node.exe is service/node.exe once more).
 */
export function serviceFilesInApp(files: ProjectFiles): string[] {
  return files.app.filter((app) => files.stage.some((staged) => app === staged || app.endsWith(`/${staged}`)));
}

/** Each path that occurs more than once. */
export function duplicates(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const p of paths) {
    if (seen.has(p)) repeated.add(p);
    seen.add(p);
  }
  return [...repeated];
}

function normalize(relative: string): string {
  return relative.replaceAll('\\', '/').replace(/^\/+/, '');
}
