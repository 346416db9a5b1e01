import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { MsiProjectError, productVersion, spliceServiceIntoProject, stagedSources, type ServiceParts } from '../src/electron-builder-splice.js';

const WIX_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'wix');

/** The parts of electron-builder 26.17.0's generated project.wxs the splice works on. */
const PROJECT = `<?xml version="1.0" encoding="UTF-8"?>
<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Product Id="*" Name="Tandem" UpgradeCode="6B0F2C1E-3A4D-4E5F-8A9B-7C6D5E4F3A21" Version="0.1.0.0" Language="1033" Codepage="65001" Manufacturer="Tandem">
    <Package Compressed="yes" InstallerVersion="500"/>
    <Property Id="ApplicationFolderName" Value="tandem-tray"/>
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="APPLICATIONFOLDER" Name="tandem-tray"/>
      </Directory>
    </Directory>
    <Feature Id="ProductFeature" Absent="disallow">
      <ComponentGroupRef Id="ProductComponents"/>
    </Feature>
    <ComponentGroup Id="ProductComponents" Directory="APPLICATIONFOLDER">
      <Component>
        <File Name="tandem-tray.exe" Source="$(var.appDir)/tandem-tray.exe" ReadOnly="yes" KeyPath="yes" Id="mainExecutable">
        <Shortcut Id="startMenuShortcut" Directory="ProgramMenuFolder" Name="Tandem" WorkingDirectory="APPLICATIONFOLDER" Advertise="yes" Icon="tandemtrayIcon.exe">
          <ShortcutProperty Key="System.AppUserModel.ID" Value="com.tandem.agent"/>
        </Shortcut>
      </File>
      </Component>
    </ComponentGroup>
  </Product>
</Wix>
`;

const PARTS: ServiceParts = {
  fragmentWxs: readFileSync(path.join(WIX_DIR, 'tandem-service.wxs'), 'utf8'),
  actionsWxi: readFileSync(path.join(WIX_DIR, 'tandem-service-actions.wxi'), 'utf8'),
  stageDir: 'C:\\build\\stage',
  installFolderName: 'Tandem',
  toastActivatorClsid: '{AC856C41-2A72-4045-A079-E05BB0D8034F}',
};

function refusal(code: MsiProjectError['code'], pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof MsiProjectError, `expected an MsiProjectError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('spliceServiceIntoProject', () => {
  const spliced = spliceServiceIntoProject(PROJECT, PARTS);

  it('appends the fragment after the Product, with the stage in place of $(var.TandemStage)', () => {
    const fragment = spliced.slice(spliced.indexOf('<Fragment>'));
    assert.ok(spliced.indexOf('<Fragment>') > spliced.indexOf('</Product>'));
    assert.ok(fragment.trimEnd().endsWith('</Fragment>\n</Wix>'));
    assert.match(fragment, /Source="C:\\build\\stage\/service\/node\.exe"/);
    assert.doesNotMatch(spliced, /\$\(var\.TandemStage\)|<Include|schemas\/wix\/2006/);
  });

  it("puts the include's children at the end of the Product", () => {
    const product = spliced.slice(spliced.indexOf('<Product'), spliced.indexOf('</Product>'));
    assert.match(product, /<CustomAction Id="TandemConfigureService"[^>]*\/>[\s\S]*<InstallExecuteSequence>[\s\S]*<Custom Action="TandemConfigureService" Sequence="5801">/);
    assert.ok(product.indexOf('<CustomAction') > product.indexOf('</ComponentGroup>'));
  });

  it('references the service components in ProductFeature, beside the app', () => {
    assert.match(spliced, /<Feature Id="ProductFeature" Absent="disallow">\s*<ComponentGroupRef Id="TandemServiceComponents"\/>\s*<ComponentGroupRef Id="ProductComponents"\/>\s*<\/Feature>/);
  });

  it('names the install folder after the product', () => {
    assert.match(spliced, /<Directory Id="APPLICATIONFOLDER" Name="Tandem"\/>/);
    assert.match(spliced, /<Property Id="ApplicationFolderName" Value="Tandem"\/>/);
    assert.doesNotMatch(spliced, /"tandem-tray"/);
  });

  it("gives the Start-menu shortcut the tray's toast activator, beside its AppUserModelID", () => {
    assert.match(
      spliced,
      /<Shortcut Id="startMenuShortcut"[^>]*>\s*<ShortcutProperty Key="System\.AppUserModel\.ID" Value="com\.tandem\.agent"\/>\s*<ShortcutProperty Key="System\.AppUserModel\.ToastActivatorCLSID" Value="\{AC856C41-2A72-4045-A079-E05BB0D8034F\}"\/>\s*<\/Shortcut>/,
    );
  });

  it('leaves the rest of the project as it was', () => {
    const removed = (text: string): string =>
      text
        .replace(/ {2}<!-- Tandem's service \([\s\S]*?<\/Fragment>\n/, '')
        .replace(/ {2}<!-- Tandem's service actions[\s\S]*?<\/InstallExecuteSequence>\n\s*/, '')
        .replace(/\n\s*<ComponentGroupRef Id="TandemServiceComponents"\/>/, '')
        .replace(/\n\s*<ShortcutProperty Key="System\.AppUserModel\.ToastActivatorCLSID"[^>]*\/>/, '')
        .replaceAll('"Tandem"/>', '"tandem-tray"/>');
    assert.equal(removed(spliced), PROJECT);
  });

  it('writes the stage as an XML attribute value, whatever characters its path holds', () => {
    const odd = spliceServiceIntoProject(PROJECT, { ...PARTS, stageDir: 'C:\\R&D "x" <y>\\stage' });
    assert.match(odd, /Source="C:\\R&amp;D &quot;x&quot; &lt;y&gt;\\stage\/tandemctl\.cmd"/);
  });

  it('refuses a project it already spliced', () => {
    assert.throws(() => spliceServiceIntoProject(spliced, PARTS), refusal('E_ALREADY_SPLICED', /TandemServiceComponents/));
  });

  for (const [what, project, pattern] of [
    ['no </Product>', PROJECT.replace('</Product>', ''), /<\/Product>/],
    ['no </Wix>', PROJECT.replace('</Wix>', ''), /<\/Wix>/],
    ['no ProductFeature', PROJECT.replace('ProductFeature', 'MainFeature'), /ProductFeature/],
    ['an empty ProductFeature', PROJECT.replace(/<Feature Id="ProductFeature" Absent="disallow">[\s\S]*?<\/Feature>/, '<Feature Id="ProductFeature"/>'), /self-closing/],
    ['no APPLICATIONFOLDER', PROJECT.replace('APPLICATIONFOLDER" Name', 'INSTALLDIR" Name'), /APPLICATIONFOLDER/],
    ['two Products', PROJECT.replace('</Product>', '</Product></Product>'), /2 <\/Product>/],
    ['no Start-menu shortcut', PROJECT.replace('startMenuShortcut', 'desktopShortcut'), /startMenuShortcut/],
  ] as const) {
    it(`refuses a project with ${what}`, () => {
      assert.throws(() => spliceServiceIntoProject(project, PARTS), refusal('E_ANCHOR_MISSING', pattern));
    });
  }

  it('refuses parts it cannot splice', () => {
    assert.throws(() => spliceServiceIntoProject(PROJECT, { ...PARTS, fragmentWxs: '<Wix></Wix>' }), refusal('E_BAD_PART', /exactly one <Fragment>, found 0/));
    assert.throws(() => spliceServiceIntoProject(PROJECT, { ...PARTS, fragmentWxs: '<Wix><Fragment><ComponentGroup Id="Other"/></Fragment></Wix>' }), refusal('E_BAD_PART', /TandemServiceComponents/));
    assert.throws(() => spliceServiceIntoProject(PROJECT, { ...PARTS, actionsWxi: '<Wix/>' }), refusal('E_BAD_PART', /<Include>/));
    assert.throws(() => spliceServiceIntoProject(PROJECT, { ...PARTS, stageDir: '' }), refusal('E_BAD_PART', /stage directory is empty/));
    assert.throws(() => spliceServiceIntoProject(PROJECT, { ...PARTS, toastActivatorClsid: 'AC856C41-2A72-4045-A079-E05BB0D8034F"/><x' }), refusal('E_BAD_PART', /toast activator must be a CLSID/));
    const otherVariable = PARTS.fragmentWxs.replace('$(var.TandemStage)/tandemctl.cmd', '$(var.Elsewhere)/tandemctl.cmd');
    assert.throws(() => spliceServiceIntoProject(PROJECT, { ...PARTS, fragmentWxs: otherVariable }), refusal('E_BAD_PART', /\$\(var\.Elsewhere\)/));
  });
});

describe('productVersion', () => {
  it("reads the Product's version", () => {
    assert.equal(productVersion(PROJECT), '0.1.0.0');
  });

  it('refuses a project without one', () => {
    assert.throws(() => productVersion('<Wix><Product Id="*"/></Wix>'), refusal('E_ANCHOR_MISSING', /Version/));
  });
});

describe('stagedSources', () => {
  it('lists what the fragment installs from the stage', () => {
    const sources = stagedSources(PARTS.fragmentWxs);
    assert.ok(sources.includes('tandemctl.cmd'));
    assert.ok(sources.includes('service/node.exe'));
    assert.ok(sources.includes('service/koffi.node'));
  });

  it('refuses a fragment that installs nothing from the stage', () => {
    assert.throws(() => stagedSources('<Fragment/>'), refusal('E_BAD_PART', /no file/));
  });
});
