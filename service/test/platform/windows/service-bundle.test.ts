/**
 * The Windows service runs as one minified bundle (scripts/bundle-service.mjs). Its stack traces
 * must still name the sources: scripts/source-mapped-stacks.mjs, injected into the bundle, maps
 * them through the bundle's source map when a stack is read. Runs on Linux.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { serviceBundle } from '../../../src/install-layout.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');
const inject = path.join(root, 'scripts', 'source-mapped-stacks.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'tandem-bundle-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const source = path.join(dir, 'failing.mjs');
writeFileSync(
  source,
  ['function explodeDeepInside(reason) {', '  throw new Error(`boom: ${reason}`);', '}', 'try {', "  explodeDeepInside('test');", '} catch (error) {', '  process.stdout.write(error.stack);', '}', ''].join('\n'),
);

async function bundle(name: string): Promise<string> {
  const outfile = path.join(dir, name);
  await build({ entryPoints: [source], outfile, bundle: true, platform: 'node', format: 'esm', minify: true, sourcemap: true, inject: [inject], logLevel: 'error' });
  return outfile;
}

test('a stack read inside the bundle names the source file, line and function', async () => {
  const outfile = await bundle('mapped.bundle.mjs');
  const stack = execFileSync(process.execPath, [outfile], { encoding: 'utf8' });
  assert.match(stack, /^Error: boom: test\n/);
  assert.ok(stack.includes(`at explodeDeepInside (${source}:2:`), stack);
  assert.ok(!stack.includes('mapped.bundle.mjs'), stack);
});

test('without its source map the bundle still prints V8 frames', async () => {
  const outfile = await bundle('unmapped.bundle.mjs');
  rmSync(`${outfile}.map`);
  const stack = execFileSync(process.execPath, [outfile], { encoding: 'utf8' });
  assert.match(stack, /^Error: boom: test\n {4}at .*unmapped\.bundle\.mjs:\d+:\d+/);
});

// npm test builds first, bundles included: a missing bundle is a broken build, so it fails here.
test('the built service bundle carries the stack mapper and its source map', () => {
  assert.ok(existsSync(serviceBundle()), `${serviceBundle()} is missing: did \`npm run build\` bundle it?`);
  assert.ok(existsSync(`${serviceBundle()}.map`), `${serviceBundle()}.map is missing`);
  const version = execFileSync(process.execPath, [serviceBundle(), '--version'], { encoding: 'utf8' });
  assert.match(version, /^\d+\.\d+\.\d+\n$/);
});
