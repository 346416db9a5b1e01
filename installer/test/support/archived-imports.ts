/**
 * What an entry module inside an app archive can load, for the packaging test: its imports are
 * followed through relative paths and the workspace packages' `exports` (`@tandem/x/y` is
 * `node_modules/@tandem/x/dist/src/y.js`); a third-party package is only checked to be there
 * (its package.json) and not followed; Node's built-in modules and Electron's own are skipped.
 * Compiled ES modules only, their specifiers written as string literals.
 */
import { isBuiltin } from 'node:module';
import path from 'node:path';
import type { AsarArchive } from './asar-archive.js';

export interface ArchivedImports {
  /** Every module reached, entry first. */
  readonly modules: readonly string[];
  /** `<importing module>: <specifier>` for each import the archive cannot satisfy. */
  readonly missing: readonly string[];
}

const SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*(['"])([^'"\n]+)\1/g;
/** Provided by Electron's runtime, not packed. */
const RUNTIME_MODULES = new Set(['electron']);

export function archivedImports(archive: AsarArchive, entry: string): ArchivedImports {
  const modules: string[] = [];
  const missing: string[] = [];
  const pending = [entry];
  const seen = new Set(pending);
  for (let module = pending.shift(); module !== undefined; module = pending.shift()) {
    if (!archive.has(module)) {
      missing.push(`${module}: not in the archive`);
      continue;
    }
    modules.push(module);
    for (const [, , specifier = ''] of archive.text(module).matchAll(SPECIFIER)) {
      if (isBuiltin(specifier) || RUNTIME_MODULES.has(specifier)) continue;
      const target = resolve(archive, module, specifier);
      if (target === null) missing.push(`${module}: ${specifier}`);
      else if (target !== 'third-party' && !seen.has(target)) {
        seen.add(target);
        pending.push(target);
      }
    }
  }
  return { modules, missing };
}

/** The archive path `specifier` loads from `from`, 'third-party' for a package that is present, null when none. */
function resolve(archive: AsarArchive, from: string, specifier: string): string | 'third-party' | null {
  if (specifier.startsWith('.')) return path.posix.join(path.posix.dirname(from), specifier);
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
  const subpath = parts.slice(name.split('/').length).join('/');
  const manifestPath = `/node_modules/${name}/package.json`;
  if (!archive.has(manifestPath)) return null;
  if (!name.startsWith('@tandem/')) return 'third-party';
  const manifest = JSON.parse(archive.text(manifestPath)) as { exports?: Record<string, string> };
  const exported = subpath === '' ? manifest.exports?.['.'] : manifest.exports?.['./*']?.replace('*', subpath);
  return exported === undefined ? null : path.posix.join(`/node_modules/${name}`, exported);
}
