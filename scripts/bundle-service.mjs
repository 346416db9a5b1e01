#!/usr/bin/env node
// Part of `npm run build`, after tsc. Two bundles, both for start-up time (scripts/bundles.mjs):
// - the service binary as one file, what the SCM runs when the service is installed from a
//   repository build (the installed layout's bundles are made by scripts/stage-install.mjs);
// - the headless agent's entry, what it loads before greeting the service.
import { build } from 'esbuild';
import path from 'node:path';
import { bundleProgram, ENTRIES, ROOT } from './bundles.mjs';

const started = Date.now();
const bytes = await bundleProgram({ entry: ENTRIES.service, outfile: path.join(ROOT, 'service/dist/tandem-service.bundle.mjs') });
console.log(`bundled service/dist/tandem-service.bundle.mjs (${Math.round(bytes / 1024)} KiB incl. source map) in ${Date.now() - started} ms`);

// The headless agent's entry: what it loads before greeting the service (see early-hello.ts) as
// one small file beside the compiled entry, so its lazy imports of the rest still resolve. Every
// agent pays this at each logon, before the service hears from it.
await build({
  entryPoints: [ENTRIES.agent],
  outfile: path.join(ROOT, 'agent/dist/src/headless/main.bundle.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['./run-agent.js', './connector.js'],
  logLevel: 'warning',
});
