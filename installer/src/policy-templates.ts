/**
 * Tandem's Group Policy templates as text: tandem.admx (the policies and the registry values
 * they write) and en-US/tandem.adml (their names, help texts and input boxes), rendered from the
 * policy model. `npm run generate:policy` writes them; a test fails when the committed copies
 * differ from what this renders.
 */
import { PRODUCT } from './product.js';
import { GROUP_TITLES } from './policy-descriptions.js';
import { tandemPolicies, type AdmxElement, type AdmxPolicy } from './policy-model.js';
import { element, renderXmlDocument, type XmlElement } from './xml-writer.js';

/** Where the templates live, relative to the installer package. */
export const POLICY_TEMPLATE_FILES = { admx: 'policy/tandem.admx', adml: 'policy/en-US/tandem.adml' } as const;

const NAMESPACE = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
/** Raise it, and minRequiredRevision with it, when a policy's meaning changes incompatibly. */
const REVISION = '1.0';
const TOP_CATEGORY = PRODUCT.name;
// Our own definition instead of windows:SUPPORTED_…: the template then needs no other ADMX
// (Intune's import refuses a template whose `using` namespaces it has not been given).
const SUPPORTED_ON = 'SUPPORTED_Windows10';

function groupCategory(group: string): string {
  return `${TOP_CATEGORY}_${group.charAt(0).toUpperCase()}${group.slice(1)}`;
}

function groupTitle(group: string): string {
  const title = GROUP_TITLES[group];
  if (title === undefined) throw new Error(`no title for configuration group \`${group}\`: add one to GROUP_TITLES in installer/src/policy-descriptions.ts`);
  return title;
}

function groupsOf(policies: readonly AdmxPolicy[]): string[] {
  return [...new Set(policies.map((policy) => policy.group))];
}

function admxElement(spec: AdmxElement): XmlElement {
  const { id, valueName } = spec;
  switch (spec.kind) {
    case 'decimal':
      return element('decimal', { id, valueName, required: 'true', minValue: spec.min, maxValue: spec.max });
    case 'text':
      return element('text', { id, valueName, required: String(spec.required), maxLength: spec.maxLength });
    case 'enum':
      return element(
        'enum',
        { id, valueName, required: 'true' },
        ...spec.items.map((item) => element('item', { displayName: `$(string.${item.stringId})` }, element('value', {}, element('string', {}, item.value)))),
      );
  }
}

function admxPolicyElement(policy: AdmxPolicy): XmlElement {
  const { name, toggle, element: input } = policy;
  return element(
    'policy',
    {
      name,
      class: 'Machine',
      displayName: `$(string.${name})`,
      explainText: `$(string.${name}_Explain)`,
      ...(input === undefined ? {} : { presentation: `$(presentation.${name})` }),
      key: policy.registryKey,
      ...(toggle === undefined ? {} : { valueName: toggle.valueName }),
    },
    element('parentCategory', { ref: groupCategory(policy.group) }),
    element('supportedOn', { ref: SUPPORTED_ON }),
    ...(toggle === undefined
      ? []
      : [element('enabledValue', {}, element('string', {}, toggle.enabled)), element('disabledValue', {}, element('string', {}, toggle.disabled))]),
    ...(input === undefined ? [] : [element('elements', {}, admxElement(input))]),
  );
}

export function renderAdmx(policies: readonly AdmxPolicy[]): string {
  const categories = [
    element('category', { name: TOP_CATEGORY, displayName: `$(string.${TOP_CATEGORY})` }),
    ...groupsOf(policies).map((group) =>
      element('category', { name: groupCategory(group), displayName: `$(string.${groupCategory(group)})` }, element('parentCategory', { ref: TOP_CATEGORY })),
    ),
  ];
  return renderXmlDocument(
    element(
      'policyDefinitions',
      { revision: REVISION, schemaVersion: '1.0', xmlns: NAMESPACE },
      element('policyNamespaces', {}, element('target', { prefix: 'tandem', namespace: 'Tandem.Policies.Tandem' })),
      element('resources', { minRequiredRevision: REVISION }),
      element('supportedOn', {}, element('definitions', {}, element('definition', { name: SUPPORTED_ON, displayName: `$(string.${SUPPORTED_ON})` }))),
      element('categories', {}, ...categories),
      element('policies', {}, ...policies.map(admxPolicyElement)),
    ),
  );
}

function presentation(policy: AdmxPolicy, input: AdmxElement): XmlElement {
  const { label } = policy.description;
  switch (input.kind) {
    case 'decimal':
      return element('presentation', { id: policy.name }, element('decimalTextBox', { refId: input.id, defaultValue: input.defaultValue }, label));
    case 'text': {
      const defaultValue = input.defaultValue === '' ? [] : [element('defaultValue', {}, input.defaultValue)];
      return element('presentation', { id: policy.name }, element('textBox', { refId: input.id }, element('label', {}, label), ...defaultValue));
    }
    case 'enum':
      return element('presentation', { id: policy.name }, element('dropdownList', { refId: input.id, noSort: 'true', defaultItem: input.defaultItem }, label));
  }
}

/** The ADML's strings, in order; an id used twice is a generator bug, not a choice. */
function stringTable(policies: readonly AdmxPolicy[]): Map<string, string> {
  const strings = new Map<string, string>();
  const add = (id: string, text: string): void => {
    if (strings.has(id)) throw new Error(`string id \`${id}\` is defined twice`);
    strings.set(id, text);
  };
  add(TOP_CATEGORY, PRODUCT.name);
  for (const group of groupsOf(policies)) add(groupCategory(group), groupTitle(group));
  add(SUPPORTED_ON, 'At least Windows 10');
  for (const policy of policies) {
    add(policy.name, policy.description.title);
    add(`${policy.name}_Explain`, policy.explain);
    if (policy.element?.kind === 'enum') for (const item of policy.element.items) add(item.stringId, item.value);
  }
  return strings;
}

export function renderAdml(policies: readonly AdmxPolicy[]): string {
  const strings = [...stringTable(policies)].map(([id, text]) => element('string', { id }, text));
  const presentations = policies.flatMap((policy) => (policy.element === undefined ? [] : [presentation(policy, policy.element)]));
  return renderXmlDocument(
    element(
      'policyDefinitionResources',
      { revision: REVISION, schemaVersion: '1.0', xmlns: NAMESPACE },
      element('displayName', {}, `${PRODUCT.name} policy settings`),
      element('description', {}, `Machine policy for ${PRODUCT.name}: settings an administrator enforces over the service's own configuration.`),
      element('resources', {}, element('stringTable', {}, ...strings), element('presentationTable', {}, ...presentations)),
    ),
  );
}

export interface PolicyTemplates {
  readonly admx: string;
  readonly adml: string;
}

export function renderPolicyTemplates(policies: readonly AdmxPolicy[] = tandemPolicies()): PolicyTemplates {
  return { admx: renderAdmx(policies), adml: renderAdml(policies) };
}
