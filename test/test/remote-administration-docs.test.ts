/**
 * The README's "Managing machines remotely" commands are the ones the builtin-administrator job of
 * .github/workflows/windows.yml runs on real Windows: the body of each PowerShell script block the
 * README gives appears, line for line, in that job.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  assert.notEqual(start, -1, `README has no ${heading}`);
  const rest = markdown.slice(start + heading.length + 2);
  const end = rest.search(/\n#{2,3} /);
  return end === -1 ? rest : rest.slice(0, end);
}

/** The lines inside `-ScriptBlock { … }` of each ```powershell fence, trimmed. */
function scriptBlockBodies(markdown: string): string[][] {
  return [...markdown.matchAll(/```powershell\n([\s\S]*?)```/g)].map((fence) => {
    const lines = (fence[1] ?? '').split('\n').map((line) => line.trim());
    const open = lines.findIndex((line) => line.endsWith('-ScriptBlock {'));
    const close = lines.lastIndexOf('}');
    assert.ok(open !== -1 && close > open + 1, `not an Invoke-Command script block:\n${fence[1]}`);
    return lines.slice(open + 1, close);
  });
}

function job(workflow: string, name: string): string[] {
  const start = workflow.indexOf(`\n  ${name}:\n`);
  assert.notEqual(start, -1, `windows.yml has no job ${name}`);
  const rest = workflow.slice(start + 1).split('\n');
  const end = rest.findIndex((line, index) => index > 0 && /^ {2}\S/.test(line));
  return (end === -1 ? rest : rest.slice(0, end)).map((line) => line.trim());
}

function contains(haystack: readonly string[], needle: readonly string[]): boolean {
  return haystack.some((_, at) => needle.every((line, offset) => haystack[at + offset] === line));
}

const readme = section(readFileSync(path.join(root, 'README.md'), 'utf8'), '### Managing machines remotely');
const workflowJob = job(readFileSync(path.join(root, '.github', 'workflows', 'windows.yml'), 'utf8'), 'builtin-administrator');

test("the README's remote-administration commands are run by the builtin-administrator job", () => {
  const bodies = scriptBlockBodies(readme);
  assert.equal(bodies.length, 2, 'a policy write and tandemctl through a scheduled task');
  for (const body of bodies) assert.ok(contains(workflowJob, body), `not run by the workflow:\n${body.join('\n')}`);
});

test('the comparison can fail: a changed line is not found', () => {
  const [body] = scriptBlockBodies(readme);
  assert.ok(body !== undefined && body.length > 1);
  assert.equal(contains(workflowJob, [...body.slice(0, -1), `${body.at(-1)} # changed`]), false);
});
