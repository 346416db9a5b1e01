/**
 * `npm run check:imports`: fails when platform-neutral code imports koffi, Electron or a
 * platform implementation. The same check runs in the test suite; this prints it on its own.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSources, formatViolation, neutralSources } from './import-boundary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const files = neutralSources(root);
const violations = checkSources(files);
for (const violation of violations) console.error(formatViolation(violation));
console.log(`checked ${files.length} platform-neutral files: ${violations.length === 0 ? 'no forbidden imports' : `${violations.length} forbidden import(s)`}`);
process.exitCode = violations.length === 0 ? 0 : 1;
