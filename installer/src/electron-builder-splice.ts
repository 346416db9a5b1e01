/**
 * Puts Tandem's service into the WiX project electron-builder generates for its `msi` target
 * (app-builder-lib/templates/msi/template.xml of electron-builder 26.17.0), as text: string in,
 * string out, so the hook (electron-builder-hook.ts) only reads and writes files.
 *
 * electron-builder compiles that one file only, so everything must land in it:
 * - the service fragment (installer/wix/tandem-service.wxs) before `</Wix>`, with
 *   `$(var.TandemStage)` replaced by the staged layout: electron-builder's WiX defines only
 *   `$(var.appDir)`;
 * - the children of installer/wix/tandem-service-actions.wxi before `</Product>` (custom actions
 *   and their sequence entries belong to the product, not to a fragment);
 * - `<ComponentGroupRef Id="TandemServiceComponents"/>` inside `<Feature Id="ProductFeature">`;
 * - the install folder named after the product: per machine, electron-builder names it after the
 *   executable (tandem-tray), while the service, tandemctl.cmd and IT expect %ProgramFiles%\Tandem;
 * - the tray's ToastActivatorCLSID on the Start-menu shortcut, beside the AppUserModelID
 *   electron-builder puts there: a toast clicked in Action Center activates that COM class (the
 *   tray registers it, agent/src/electron/app-identity.ts), and electron-builder has no option for it.
 *
 * The spliced elements are written without their own xmlns, so they take the generated file's
 * WiX v4 namespace; the wix files keep the v3 one that wixl reads (wixl ignores namespaces).
 */

export type MsiProjectErrorCode = 'E_ANCHOR_MISSING' | 'E_ALREADY_SPLICED' | 'E_BAD_PART';

/** A project or a part the splice cannot work with; `code` says which kind of problem. */
export class MsiProjectError extends Error {
  override readonly name = 'MsiProjectError';
  readonly code: MsiProjectErrorCode;

  constructor(code: MsiProjectErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface ServiceParts {
  /** installer/wix/tandem-service.wxs: a `<Wix>` holding one `<Fragment>`. */
  readonly fragmentWxs: string;
  /** installer/wix/tandem-service-actions.wxi: an `<Include>` whose children go into `<Product>`. */
  readonly actionsWxi: string;
  /** The staged layout as WiX will read it (an absolute path), written for `$(var.TandemStage)`. */
  readonly stageDir: string;
  /** The install folder's name under Program Files. */
  readonly installFolderName: string;
  /** The tray's toast activator, `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`. */
  readonly toastActivatorClsid: string;
}

/** What marks a project the hook already spliced: the fragment's component group. */
export const SERVICE_COMPONENT_GROUP = 'TandemServiceComponents';
const STAGE_VARIABLE = '$(var.TandemStage)';
const CLSID = /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/i;
const TEMPLATE = "electron-builder's msi template (26.17.0)";

/** Returns `project` with the service spliced in; throws MsiProjectError, never half-splices. */
export function spliceServiceIntoProject(project: string, parts: ServiceParts): string {
  if (project.includes(SERVICE_COMPONENT_GROUP)) {
    throw new MsiProjectError('E_ALREADY_SPLICED', `the project already holds ${SERVICE_COMPONENT_GROUP}: it was spliced before, and splicing twice would declare every service file twice`);
  }
  const fragment = serviceFragment(parts.fragmentWxs, parts.stageDir);
  const actions = includeChildren(parts.actionsWxi);
  const wixEnd = uniqueAnchor(project, /<\/Wix>/g, '</Wix>');
  const productEnd = uniqueAnchor(project, /<\/Product>/g, '</Product>');
  const feature = uniqueAnchor(project, /<Feature\s+Id="ProductFeature"[^>]*>/g, '<Feature Id="ProductFeature">');
  if (feature.text.endsWith('/>')) throw new MsiProjectError('E_ANCHOR_MISSING', `<Feature Id="ProductFeature"> is empty (self-closing) in the project; ${TEMPLATE} puts its components in it`);
  const folder = uniqueAnchor(project, /<Directory\s+Id="APPLICATIONFOLDER"\s+Name="[^"]*"\s*\/>/g, '<Directory Id="APPLICATIONFOLDER" Name="…"/>');
  const folderProperty = uniqueAnchor(project, /<Property\s+Id="ApplicationFolderName"\s+Value="[^"]*"\s*\/>/g, '<Property Id="ApplicationFolderName" Value="…"/>');
  const shortcutAumid = uniqueAnchor(
    project,
    /<Shortcut\s+Id="startMenuShortcut"[^>]*>\s*<ShortcutProperty\s+Key="System\.AppUserModel\.ID"[^>]*\/>/g,
    '<Shortcut Id="startMenuShortcut"> with its System.AppUserModel.ID property',
  );
  if (!CLSID.test(parts.toastActivatorClsid)) throw new MsiProjectError('E_BAD_PART', `the toast activator must be a CLSID such as {01234567-89AB-CDEF-0123-456789ABCDEF}, got \`${parts.toastActivatorClsid}\``);

  const name = xmlAttribute(parts.installFolderName);
  // Edits from the end of the file backwards, so that each anchor's index still holds.
  const edits: Edit[] = [
    { at: wixEnd.index, remove: 0, insert: `  <!-- Tandem's service (installer/wix/tandem-service.wxs), spliced by installer/src/electron-builder-hook.ts -->\n  ${fragment}\n` },
    { at: productEnd.index, remove: 0, insert: `  <!-- Tandem's service actions (installer/wix/tandem-service-actions.wxi) -->\n    ${actions}\n  ` },
    { at: feature.index + feature.text.length, remove: 0, insert: `\n      <ComponentGroupRef Id="${SERVICE_COMPONENT_GROUP}"/>` },
    { at: folder.index, remove: folder.text.length, insert: `<Directory Id="APPLICATIONFOLDER" Name="${name}"/>` },
    { at: folderProperty.index, remove: folderProperty.text.length, insert: `<Property Id="ApplicationFolderName" Value="${name}"/>` },
    { at: shortcutAumid.index + shortcutAumid.text.length, remove: 0, insert: `\n          <ShortcutProperty Key="System.AppUserModel.ToastActivatorCLSID" Value="${parts.toastActivatorClsid}"/>` },
  ];
  return applyEdits(project, edits);
}

/** The Product's Version attribute (electron-builder writes four parts: 0.1.0 becomes 0.1.0.0). */
export function productVersion(project: string): string {
  const version = /<Product\b[^>]*\sVersion="([^"]+)"/.exec(project)?.[1];
  if (version === undefined) throw new MsiProjectError('E_ANCHOR_MISSING', `the project has no <Product Version="…">; is it ${TEMPLATE}?`);
  return version;
}

/** The paths, relative to the stage, of every file the fragment installs (its `$(var.TandemStage)/…` sources). */
export function stagedSources(fragmentWxs: string): string[] {
  const sources = [...fragmentWxs.matchAll(/Source="\$\(var\.TandemStage\)\/([^"]+)"/g)].map((match) => match[1] ?? '');
  if (sources.length === 0) throw new MsiProjectError('E_BAD_PART', `the service fragment installs no file from ${STAGE_VARIABLE}`);
  return sources;
}

interface Anchor {
  readonly index: number;
  readonly text: string;
}

interface Edit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

function uniqueAnchor(project: string, pattern: RegExp, described: string): Anchor {
  const matches = [...project.matchAll(pattern)];
  const [first] = matches;
  if (first === undefined) throw new MsiProjectError('E_ANCHOR_MISSING', `the project has no ${described}; the hook splices into ${TEMPLATE}`);
  if (matches.length > 1) throw new MsiProjectError('E_ANCHOR_MISSING', `the project has ${matches.length} ${described}, expected one as in ${TEMPLATE}`);
  return { index: first.index, text: first[0] };
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.at - a.at)) {
    result = result.slice(0, edit.at) + edit.insert + result.slice(edit.at + edit.remove);
  }
  return result;
}

/** The fragment's one `<Fragment>` element, with the stage written in. */
function serviceFragment(fragmentWxs: string, stageDir: string): string {
  const fragments = [...fragmentWxs.matchAll(/<Fragment>[\s\S]*?<\/Fragment>/g)];
  const [only] = fragments;
  if (only === undefined || fragments.length !== 1) {
    throw new MsiProjectError('E_BAD_PART', `the service fragment must hold exactly one <Fragment>, found ${fragments.length}`);
  }
  if (!only[0].includes(SERVICE_COMPONENT_GROUP)) throw new MsiProjectError('E_BAD_PART', `the service fragment does not declare ${SERVICE_COMPONENT_GROUP}`);
  if (stageDir === '') throw new MsiProjectError('E_BAD_PART', 'the stage directory is empty');
  const stage = xmlAttribute(stageDir);
  const fragment = only[0].split(STAGE_VARIABLE).join(stage);
  // electron-builder runs candle with -dappDir only: any other variable would fail there, on Windows.
  const unknown = /\$\(var\.[^)]*\)/.exec(fragment);
  if (unknown !== null) throw new MsiProjectError('E_BAD_PART', `the service fragment uses ${unknown[0]}, which electron-builder's WiX does not define (only ${STAGE_VARIABLE} is replaced)`);
  return fragment;
}

/** What the `<Include>` holds, without the element itself. */
function includeChildren(actionsWxi: string): string {
  const include = /<Include\b[^>]*>([\s\S]*)<\/Include>/.exec(actionsWxi);
  const children = include?.[1]?.trim();
  if (children === undefined || children === '') throw new MsiProjectError('E_BAD_PART', 'the service actions file must be an <Include> with the custom actions inside');
  return children;
}

function xmlAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
