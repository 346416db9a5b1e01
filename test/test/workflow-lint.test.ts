import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { formatFinding, lintWorkflows, lintWorkflowText, workflowFiles } from '../src/workflow-lint.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('GitHub Actions workflows', () => {
  it('pass actionlint', async () => {
    const files = workflowFiles(root);
    assert.ok(files.includes('.github/workflows/windows.yml'), `no workflows found: ${files.join(', ')}`);
    const findings = await lintWorkflows(root, files);
    assert.deepEqual(findings.map(formatFinding), []);
  });

  it('are linted for real: a broken workflow has findings', async () => {
    const broken = ['on: push', 'jobs:', '  build:', '    runs-on: windows-lastest', '    needs: setup', '    steps:', '      - run: echo ${{ steps.missing.outputs.x }}', ''].join('\n');
    const findings = (await lintWorkflowText(broken, 'broken.yml')).map(formatFinding);
    assert.ok(findings.some((line) => /^broken\.yml:4:.*label "windows-lastest" is unknown/.test(line)), findings.join('\n'));
    assert.ok(findings.some((line) => /^broken\.yml:3:.*needs job "setup" which does not exist/.test(line)), findings.join('\n'));
    assert.ok(findings.some((line) => /^broken\.yml:7:.*property "missing" is not defined/.test(line)), findings.join('\n'));
  });
});
