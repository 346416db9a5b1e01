#!/usr/bin/env node
// Bundles the compiled service binary into one file for the Windows service to run. Loading
// ~200 small modules is most of a service's start under the SCM (slow file access under Wine and
// on machines with file-scanning antivirus); one minified file loads in a fraction of that.
// koffi stays outside (a native module, resolved from node_modules at run time), and so does
// pino-pretty (console mode's terminal only, loaded on demand).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const result = await build({
  entryPoints: [path.join(root, 'service/dist/src/bin/tandem-service.js')],
  outfile: path.join(root, 'service/dist/tandem-service.bundle.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: true,
  external: ['koffi', 'pino-pretty'],
  // CommonJS dependencies (pino) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __tandemRequire } from 'node:module'; const require = __tandemRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + (output.bytes ?? 0), 0);
console.log(`bundled service/dist/tandem-service.bundle.mjs (${Math.round(bytes / 1024)} KiB incl. source map) in ${Date.now() - started} ms`);
