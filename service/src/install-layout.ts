/**
 * Where Tandem's files are, found from this module's own location. It works both for the
 * TypeScript build (service/dist/src/…) and for the single-file bundle the Windows service runs
 * (service/dist/tandem-service.bundle.mjs), where every module shares the bundle's location, so
 * no module may compute paths relative to itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The @tandem/service package folder. */
export function serviceRoot(): string {
  if (root !== undefined) return root;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === '@tandem/service') return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`cannot find the @tandem/service package above ${fileURLToPath(import.meta.url)}`);
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
