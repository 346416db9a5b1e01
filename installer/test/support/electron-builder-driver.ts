/**
 * Runs electron-builder's build as `npm run build:msi:electron -- -c.electronDist=… -c.directories.output=…
 * -c.extraMetadata.version=…` does (the command line turns `--config` plus dot-notation options into
 * one configuration that `extends` the file), in a process of its own that exits as soon as the
 * build settles: a failed download leaves @electron/get's 30 s progress-bar timer behind, which
 * would otherwise hold the test's process that long.
 *
 * Usage: node electron-builder-driver.js <electronDist> <outputDir> <version>
 * Prints, last, one line: `driver: {"ok":true}` or `driver: {"ok":false,"error":"…"}`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'electron-builder';
import { BUILD_CONFIG, BUILD_PROJECT_DIR } from '../../src/electron-builder-config.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const [electronDist, output, version] = process.argv.slice(2);
if (electronDist === undefined || output === undefined || version === undefined) {
  process.stderr.write('usage: electron-builder-driver.js <electronDist> <outputDir> <version>\n');
  process.exit(2);
}

build({
  projectDir: path.join(REPO_ROOT, BUILD_PROJECT_DIR),
  win: ['msi'],
  x64: true,
  publish: 'never',
  config: { extends: BUILD_CONFIG, electronDist, directories: { output }, extraMetadata: { version } },
}).then(
  () => {
    console.log(`driver: ${JSON.stringify({ ok: true })}`);
    process.exit(0);
  },
  (error: unknown) => {
    console.log(`driver: ${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}`);
    process.exit(1);
  },
);
