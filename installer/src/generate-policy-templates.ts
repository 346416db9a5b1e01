/**
 * `npm run generate:policy`: writes the Group Policy templates into installer/policy, to be
 * committed with the change to the configuration schema that altered them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICY_TEMPLATE_FILES, renderPolicyTemplates } from './policy-templates.js';

// This file runs from installer/dist/src.
const installerRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const templates = renderPolicyTemplates();
for (const kind of ['admx', 'adml'] as const) {
  const file = path.join(installerRoot, POLICY_TEMPLATE_FILES[kind]);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, templates[kind]);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
