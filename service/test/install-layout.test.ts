import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  agentCommand,
  agentScript,
  appArchiveUnpackedDir,
  codeFiles,
  currentLayout,
  INSTALLED,
  koffiNativePath,
  serviceBin,
  serviceBundle,
  serviceProgram,
  serviceRoot,
  type Layout,
} from '../src/install-layout.js';
import { loadKoffiNative } from '../src/platform/windows/win32/koffi.js';

function installedLayout(): { layout: Layout; installDir: string } {
  const installDir = mkdtempSync(path.join(tmpdir(), 'tandem-installed-'));
  const serviceDir = path.join(installDir, INSTALLED.serviceDir);
  return { installDir, layout: { kind: 'installed', installDir, serviceDir, manifest: { product: 'tandem', version: '9.9.9', node: '22.22.2' } } };
}

describe('install-layout', () => {
  it('finds the service package and the built binaries from wherever it is loaded', () => {
    assert.equal(path.basename(serviceRoot()), 'service');
    assert.equal(currentLayout().kind, 'repository');
    assert.ok(existsSync(serviceBin()), serviceBin());
    // npm test builds first, bundles included: the bundles are what the SCM and the launcher run.
    assert.ok(existsSync(serviceBundle()), serviceBundle());
    assert.match(agentScript(), /agent[\\/]dist[\\/]src[\\/]headless[\\/]main\.bundle\.mjs$/);
    assert.deepEqual(serviceProgram(), { executable: process.execPath, args: [serviceBundle()] });
  });

  it("installed: the service's own node.exe runs the bundles beside it; koffi by absolute path", () => {
    const { layout, installDir } = installedLayout();
    try {
      const serviceDir = path.join(installDir, 'service');
      assert.deepEqual(serviceProgram(layout), { executable: path.join(serviceDir, 'node.exe'), args: [path.join(serviceDir, 'tandem-service.mjs')] });
      assert.equal(koffiNativePath(layout), path.join(serviceDir, 'koffi.node'));
    } finally {
      rmSync(installDir, { recursive: true, force: true });
    }
  });

  it('installed: the Electron tray is the agent when the install folder holds it, else the headless agent', () => {
    const { layout, installDir } = installedLayout();
    try {
      const serviceDir = path.join(installDir, 'service');
      assert.deepEqual(agentCommand(layout), { executable: path.join(serviceDir, 'node.exe'), args: [path.join(serviceDir, 'tandem-agent.mjs')] });
      writeFileSync(path.join(installDir, INSTALLED.trayExecutable), '');
      assert.deepEqual(agentCommand(layout), { executable: path.join(installDir, 'tandem-tray.exe'), args: [] });
    } finally {
      rmSync(installDir, { recursive: true, force: true });
    }
  });

  it('the code to protect is every program and script the service and its agents run, and koffi', () => {
    const { layout, installDir } = installedLayout();
    try {
      const serviceDir = path.join(installDir, 'service');
      const files = codeFiles(serviceProgram(layout), agentCommand(layout), layout);
      const expected = ['node.exe', 'tandem-service.mjs', 'koffi.node', 'tandem-agent.mjs', 'tandem-agent-core.mjs', 'tandem-setup.mjs', 'tandemctl.mjs'].map((f) => path.join(serviceDir, f));
      assert.deepEqual(files.sort(), [...expected, path.join(installDir, 'tandemctl.cmd')].sort());
    } finally {
      rmSync(installDir, { recursive: true, force: true });
    }
  });

  it("installed with the Electron tray: the tray's archive and the koffi it unpacks are code to protect too", () => {
    const { layout, installDir } = installedLayout();
    try {
      writeFileSync(path.join(installDir, INSTALLED.trayExecutable), '');
      const resources = path.join(installDir, 'resources');
      const koffi = path.join(resources, 'app.asar.unpacked', 'node_modules', '@koromix', `koffi-${process.platform}-${process.arch}`, `${process.platform}_${process.arch}`, 'koffi.node');
      const before = codeFiles(serviceProgram(layout), agentCommand(layout), layout);
      assert.ok(before.includes(path.join(installDir, 'tandem-tray.exe')));
      mkdirSync(path.dirname(koffi), { recursive: true });
      writeFileSync(koffi, '');
      writeFileSync(path.join(resources, 'app.asar'), '');
      const after = codeFiles(serviceProgram(layout), agentCommand(layout), layout);
      assert.deepEqual(after.filter((file) => !before.includes(file)).sort(), [path.join(resources, 'app.asar'), koffi].sort());
    } finally {
      rmSync(installDir, { recursive: true, force: true });
    }
  });

  it('tray app: found from inside the archive, koffi from the folder electron-builder unpacks native modules to', () => {
    const inArchive = 'C:\\Program Files\\Tandem\\resources\\app.asar\\node_modules\\@tandem\\service\\dist\\src';
    assert.equal(appArchiveUnpackedDir(inArchive), 'C:\\Program Files\\Tandem\\resources\\app.asar.unpacked');
    assert.equal(appArchiveUnpackedDir('/opt/Tandem/resources/app.asar/node_modules/@tandem/service/dist/src'), '/opt/Tandem/resources/app.asar.unpacked');
    for (const elsewhere of ['/work/tandem/service/dist/src', 'C:\\Program Files\\Tandem\\service', '/opt/app.asar.d/x', 'app.asar/x']) {
      assert.equal(appArchiveUnpackedDir(elsewhere), null, elsewhere);
    }
    const unpackedDir = path.join(tmpdir(), 'resources', 'app.asar.unpacked');
    assert.equal(
      koffiNativePath({ kind: 'tray-app', unpackedDir }, { platform: 'win32', arch: 'x64' }),
      path.join(unpackedDir, 'node_modules', '@koromix', 'koffi-win32-x64', 'win32_x64', 'koffi.node'),
    );
    assert.throws(() => agentCommand({ kind: 'tray-app', unpackedDir }), /the tray app launches no agent/);
  });

  it('koffi loads from the platform package by absolute path, and fails closed when the file is missing (F6)', () => {
    assert.match(koffiNativePath(), /node_modules[\\/]@koromix[\\/]koffi-linux-x64[\\/]linux_x64[\\/]koffi\.node$/);
    assert.equal(typeof loadKoffiNative().sizeof, 'function');
    assert.throws(() => loadKoffiNative(path.join(tmpdir(), 'no-such-dir', 'koffi.node')), /koffi's native module is missing at .*no-such-dir.*reinstall Tandem/);
  });
});
