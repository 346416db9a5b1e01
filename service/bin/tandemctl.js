#!/usr/bin/env node
// Launcher committed as plain JavaScript so npm can link it before the TypeScript is built.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/bin/tandemctl.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('tandemctl: not built yet. Run `npm run build` (or `npm ci`, which builds) in the repository root.\n');
  process.exit(2);
}
await import(entry.href);
