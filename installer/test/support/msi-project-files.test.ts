import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { duplicates, projectFiles, serviceFilesInApp } from './msi-project-files.js';

const STAGE = 'Z:\\build\\stage';

/** A project whose app also carries the staged service, as `extraResources: [{ from: stage, to: service }]` would. */
const SHIPPED_TWICE = `
  <File Name="tandem-tray.exe" Source="$(var.appDir)/tandem-tray.exe" Id="mainExecutable"/>
  <File Name="node.exe" Source="$(var.appDir)\\resources\\service\\node.exe"/>
  <File Name="koffi.node" Source="$(var.appDir)/resources/app.asar.unpacked/node_modules/@koromix/koffi-win32-x64/win32_x64/koffi.node"/>
  <File Id="TandemNodeExe" Name="node.exe" Source="${STAGE}/service/node.exe"/>
  <File Id="TandemKoffiNative" Name="koffi.node" Source="${STAGE}/service/koffi.node"/>
  <File Id="TandemCtlCmd" Name="tandemctl.cmd" Source="${STAGE}/tandemctl.cmd"/>
  <Icon Id="icon" SourceFile="Z:\\out\\icon.ico"/>
`;

describe('projectFiles', () => {
  it("splits the sources into the app's and the stage's", () => {
    const files = projectFiles(SHIPPED_TWICE, STAGE);
    assert.deepEqual(files.app, ['tandem-tray.exe', 'resources/service/node.exe', 'resources/app.asar.unpacked/node_modules/@koromix/koffi-win32-x64/win32_x64/koffi.node']);
    assert.deepEqual(files.stage, ['service/node.exe', 'service/koffi.node', 'tandemctl.cmd']);
    assert.deepEqual(files.other, []);
  });
});

describe('serviceFilesInApp', () => {
  it('finds a staged file the app ships again under another folder, not the tray’s own koffi', () => {
    assert.deepEqual(serviceFilesInApp(projectFiles(SHIPPED_TWICE, STAGE)), ['resources/service/node.exe']);
  });
});

describe('duplicates', () => {
  it('lists each path given more than once', () => {
    assert.deepEqual(duplicates(['a', 'b', 'a', 'c', 'a', 'b']), ['a', 'b']);
    assert.deepEqual(duplicates(['a', 'b']), []);
  });
});
