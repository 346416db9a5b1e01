#!/usr/bin/env node
// Part of `npm run build`, after tsc. Two bundles, both for start-up time:
// - the service binary as one file, for the Windows service: loading ~200 small modules was most
//   of its start under the SCM (slow file access under Wine and on machines with file-scanning
//   antivirus). koffi stays outside (native, resolved from node_modules at run time), and so does
//   pino-pretty (console mode's terminal only, loaded on demand). Its stack traces name the
//   TypeScript sources through its source map, loaded only when a stack is read
//   (source-mapped-stacks.mjs says why not --enable-source-maps);
// - the headless agent's entry, what it loads before greeting the service.
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
  inject: [path.join(root, 'scripts/source-mapped-stacks.mjs')],
  // CommonJS dependencies (pino) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __tandemRequire } from 'node:module'; const require = __tandemRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + (output.bytes ?? 0), 0);
console.log(`bundled service/dist/tandem-service.bundle.mjs (${Math.round(bytes / 1024)} KiB incl. source map) in ${Date.now() - started} ms`);

// The headless agent's entry: what it loads before greeting the service (see early-hello.ts) as
// one small file beside the compiled entry, so its lazy imports of the rest still resolve. Every
// agent pays this at each logon, before the service hears from it.
await build({
  entryPoints: [path.join(root, 'agent/dist/src/headless/main.js')],
  outfile: path.join(root, 'agent/dist/src/headless/main.bundle.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['./run-agent.js', './connector.js'],
  logLevel: 'warning',
});
