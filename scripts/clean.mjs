#!/usr/bin/env node
// Removes build output (dist/ and tsbuildinfo) from every package.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const pkg of ['shared', 'service', 'agent', 'installer', 'test', 'bench']) {
  rmSync(path.join(root, pkg, 'dist'), { recursive: true, force: true });
  rmSync(path.join(root, pkg, 'tsconfig.tsbuildinfo'), { force: true });
}
