/**
 * The direction of imports, enforced. Platform-neutral code runs anywhere (Linux CI, console
 * mode, a renderer sandbox), so it must never reach koffi, Electron or a platform
 * implementation; those depend on it, never the other way round.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { moduleReferences } from './module-specifiers.js';

/** Folders of platform-neutral code, relative to the repository root. */
export const NEUTRAL_ROOTS = ['shared/src', 'service/src/core', 'agent/src/core', 'agent/src/renderer'] as const;

/** Packages only platform code may load. */
const FORBIDDEN_PACKAGES = ['koffi', 'electron'];

/** Where each workspace package's subpath exports point (`@tandem/x/y` is `x/src/y`). */
const WORKSPACE_SCOPE = '@tandem/';

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  readonly path: string;
  readonly source: string;
}

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly specifier: string | null;
  readonly reason: string;
}

/**
 * Why `target` (a repository path) is off limits to neutral code, if it is. The top level of a
 * `platform` folder holds the neutral interfaces the core is written against (platform.ts);
 * its subfolders (console/, windows/) are implementations, and those are forbidden.
 */
function forbiddenPath(target: string): string | undefined {
  if (/(^|\/)platform\/[^/]+\//.test(target)) return 'reaches into a platform implementation';
  if (target === 'agent/src/electron' || target.startsWith('agent/src/electron/')) return 'reaches into the Electron shell';
  return undefined;
}

/** The repository path a specifier resolves to, or undefined for a package outside the repository. */
function resolveInRepository(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  if (specifier.startsWith(WORKSPACE_SCOPE)) {
    const [pkg, ...rest] = specifier.slice(WORKSPACE_SCOPE.length).split('/');
    return path.posix.join(pkg ?? '', 'src', ...rest);
  }
  return undefined;
}

export function classify(file: string, specifier: string | null): string | undefined {
  if (specifier === null) return 'computed module specifier: the boundary cannot be checked';
  const packageName = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (packageName !== undefined && FORBIDDEN_PACKAGES.includes(packageName)) return `imports ${packageName}`;
  const target = resolveInRepository(file, specifier);
  return target === undefined ? undefined : forbiddenPath(target);
}

/** Checks neutral files given in memory; other files are ignored. */
export function checkSources(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    if (!NEUTRAL_ROOTS.some((root) => file.path.startsWith(`${root}/`))) continue;
    for (const reference of moduleReferences(file.source)) {
      const reason = classify(file.path, reference.specifier);
      if (reason !== undefined) violations.push({ file: file.path, line: reference.line, specifier: reference.specifier, reason });
    }
  }
  return violations;
}

const SOURCE_FILE = /\.(c|m)?tsx?$/;

function* walk(root: string, dir: string): Generator<string> {
  let names: string[];
  try {
    names = readdirSync(path.join(root, dir));
  } catch {
    return; // A folder that does not exist (yet) has nothing to check.
  }
  for (const name of names) {
    const relative = `${dir}/${name}`;
    if (statSync(path.join(root, relative)).isDirectory()) yield* walk(root, relative);
    else if (SOURCE_FILE.test(name) && !name.endsWith('.d.ts')) yield relative;
  }
}

/** The TypeScript sources below `dirs` (paths relative to `root`); a folder that does not exist has none. */
export function sourcesUnder(root: string, dirs: readonly string[]): SourceFile[] {
  return dirs.flatMap((dir) => [...walk(root, dir)]).map((file) => ({ path: file, source: readFileSync(path.join(root, file), 'utf8') }));
}

/** The neutral source files of the repository at `root`. */
export function neutralSources(root: string): SourceFile[] {
  return sourcesUnder(root, NEUTRAL_ROOTS);
}

export function formatViolation(violation: Violation): string {
  return `${violation.file}:${violation.line}: ${violation.reason} (${violation.specifier === null ? 'computed' : `'${violation.specifier}'`})`;
}
