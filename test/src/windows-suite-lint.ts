/**
 * What the Windows suite must never rely on: values only Wine gives. Wine enforces no pipe DACL,
 * answers WTSQueryUserToken for anyone, never adds the AI flag to a DACL, lets any process end a
 * LocalSystem one and runs services in the user's own session, so a test written against it can
 * pass here and fail on the first real Windows run (../shared/REAL-WINDOWS-REVIEW.md, findings
 * 1–8 and 30). Each rule below names the finding it comes from and what to do instead.
 *
 * Files have a role, which decides the rules they follow: the test process (an elevated
 * administrator, not SYSTEM, in the user's session), the LocalSystem bodies it starts as services
 * in session 0 (fixtures/), the stand-ins they launch into the user's session (fixtures/*-probe.ts),
 * and the product's Windows code.
 */
import { sourcesUnder, type SourceFile } from './import-boundary.js';

export type Role = 'test-process' | 'local-system' | 'launched-child' | 'product';

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly message: string;
}

interface Rule {
  readonly id: string;
  readonly roles: readonly Role[];
  /** Files of those roles the rule does not apply to: where the one sanctioned use lives. */
  readonly except?: RegExp;
  /** Each offending place: its offset in the source, and what is wrong there. */
  find(source: string): Iterable<{ index: number; what: string }>;
  /** What to do instead. */
  readonly instead: string;
}

const WINDOWS_TESTS = 'service/test/platform/windows/';

/** What a file is run as, or null when the Windows rules do not concern it. */
export function roleOf(file: string): Role | null {
  if (file.startsWith('service/src/platform/windows/')) return 'product';
  if (/^service\/test\/platform\/windows\/fixtures\/[\w-]+-probe\.ts$/.test(file)) return 'launched-child';
  if (file.startsWith(`${WINDOWS_TESTS}fixtures/`)) return 'local-system';
  if (file.endsWith('.win.test.ts')) return 'test-process';
  if (file.startsWith(WINDOWS_TESTS) && !file.endsWith('.test.ts')) return 'test-process';
  return null;
}

function* matches(source: string, pattern: RegExp, what: (match: RegExpExecArray) => string | null): Iterable<{ index: number; what: string }> {
  for (const match of source.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))) {
    const described = what(match);
    if (described !== null) yield { index: match.index, what: described };
  }
}

/** The index just past the bracket that closes the one at `open`, skipping string literals; -1 if unclosed. */
function closing(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const char = source[i];
    if (char === "'" || char === '"' || char === '`') i = closingQuote(source, i) - 1;
    else if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The top-level arguments of the call whose `(` is at `open`, as trimmed text. */
export function callArguments(source: string, open: number): string[] {
  const end = closing(source, open);
  if (end < 0) return [];
  const args: string[] = [];
  let start = open + 1;
  for (let i = open + 1; i < end - 1; i++) {
    const char = source[i];
    if (char === "'" || char === '"' || char === '`' || char === '(' || char === '[' || char === '{') {
      i = (char === '(' || char === '[' || char === '{' ? closing(source, i) : closingQuote(source, i)) - 1;
    } else if (char === ',') {
      args.push(source.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = source.slice(start, end - 1).trim();
  if (last !== '') args.push(last);
  return args;
}

function closingQuote(source: string, open: number): number {
  const quote = source[open];
  let i = open + 1;
  for (; i < source.length && source[i] !== quote; i++) if (source[i] === '\\') i++;
  return i + 1;
}

/** A value that is a DACL read back from Windows, or SDDL text to hold one against. */
const DACL_VALUE = /^(?:await\s+)?(?:read\w*(?:Dacl|Security)\(|(?:[\w.]+\.)?dacl\b|['"`]D:|[A-Z_]*_SDDL\b|\w+Sddl\()/;

const SE_TCB_CALLS = /\b(sessionUserToken|unelevatedSessionToken|WTSQueryUserToken|ProcessAsUserLauncher)\b/;

export const RULES: readonly Rule[] = [
  {
    // REAL-WINDOWS-REVIEW #2
    id: 'se-tcb-in-test-process',
    roles: ['test-process'],
    *find(source) {
      yield* matches(source, SE_TCB_CALLS, (match) => `${match[1] ?? ''} needs SeTcbPrivilege (WTSQueryUserToken)`);
      if (!/\bWtsSessionSource\b/.test(source)) return;
      yield* matches(source, /\.(describe|list|isMember|probe)\(([^)]*)\)/, (match) =>
        match[1] === 'probe' && match[2]?.trim() === '0' ? null : `WtsSessionSource.${match[1] ?? ''}() calls WTSQueryUserToken, which needs SeTcbPrivilege`,
      );
    },
    instead: 'Windows answers 1314 to a test process (only Wine answers it, with the caller\'s token): do it in a LocalSystem body (fixtures/*-body.ts, runAsLocalSystem)',
  },
  {
    // REAL-WINDOWS-REVIEW #5
    id: 'exact-dacl-comparison',
    roles: ['test-process', 'local-system'],
    *find(source) {
      for (const match of source.matchAll(/\bassert\.(equal|strictEqual|deepEqual|deepStrictEqual|notEqual|notStrictEqual)\(/g)) {
        const open = match.index + match[0].length - 1;
        if (callArguments(source, open).slice(0, 2).some((arg) => DACL_VALUE.test(arg))) yield { index: match.index, what: `assert.${match[1] ?? ''} compares SDDL text exactly` };
      }
    },
    instead: 'Windows adds the AI flag (D:P( reads back as D:PAI(): compare with assertSameDescriptor (sddl-compare.ts)',
  },
  {
    // REAL-WINDOWS-REVIEW #1
    id: 'listener-in-test-process',
    roles: ['test-process'],
    except: /\/test-process-listener\.ts$/,
    find: (source) => matches(source, /\bnew AclPipeListener\(/, () => 'an AclPipeListener served by the test process'),
    instead: 'only SYSTEM may create the instance for a second client under the service\'s DACLs: use TestProcessListener (which checks that), or serve it as LocalSystem (withSystemListener)',
  },
  {
    // REAL-WINDOWS-REVIEW #4
    id: 'terminate-from-test-process',
    roles: ['test-process'],
    *find(source) {
      yield* matches(source, /\bTerminateProcess\b|\bprocess\.kill\(/, (match) => `${match[0]} from the test process`);
      yield* matches(source, /import\s*\{[^}]*\bterminate\b[^}]*\}\s*from\s*'[^']*\/processes\.js'/, () => 'terminate() of processes.js from the test process');
    },
    instead: 'an administrator cannot open a LocalSystem process to end it without SeDebugPrivilege: use kill() of process-fixtures.ts (taskkill /F)',
  },
  {
    // REAL-WINDOWS-REVIEW #3
    id: 'local-name-in-session-zero',
    roles: ['local-system'],
    find: (source) => matches(source, /Local\\\\/, () => 'a Local\\ object name in a LocalSystem body'),
    instead: 'the body runs in session 0 and what it launches in the user\'s session, where Local\\ means another namespace: use Global\\ with a DACL for that user',
  },
  {
    // REAL-WINDOWS-REVIEW #8
    id: 'test-service-restarts',
    roles: ['test-process', 'local-system'],
    find: (source) => matches(source, /\brestartOnFailure:\s*true\b/, () => 'a test service with failure actions'),
    instead: 'Windows restarts a failed service 1 s, 5 s and 30 s later, into the tests that follow: restartOnFailure: false',
  },
  {
    // REAL-WINDOWS-REVIEW #30
    id: 'live-handle-value',
    roles: ['test-process', 'local-system', 'launched-child'],
    find: (source) =>
      matches(source, /\b0x([0-9a-fA-F]+)n\b/, (match) => (Number.parseInt(match[1] ?? '', 16) < 0x4000000 ? `${match[0]} may be a live handle of this process` : null)),
    instead: 'a bogus handle must lie beyond any handle table (2^24 handles, values up to 0x4000000): use 0x7ffffff8n',
  },
  {
    id: 'platform-sized-type-in-prototype',
    roles: ['test-process', 'local-system', 'launched-child', 'product'],
    *find(source) {
      for (const match of source.matchAll(/(['`])([^'`]*__stdcall[^'`]*)\1/g)) {
        const wrong = /\b(long|wchar_t)\b/.exec(match[2] ?? '');
        if (wrong !== null) yield { index: match.index, what: `a Win32 prototype uses ${wrong[1] ?? ''}` };
      }
    },
    instead: 'long is 8 bytes on Linux and 4 on Windows, wchar_t 4 and 2: use int32_t/uint32_t and char16_t, so the layouts checked on Linux are the ones Windows uses',
  },
];

/**
 * `source` with its comments blanked out (same length, newlines kept, so offsets and lines stay):
 * rules look at code and string literals, and comments may well name what the rules forbid.
 */
export function withoutComments(source: string): string {
  const out = source.split('');
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === "'" || char === '"' || char === '`') i = closingQuote(source, i) - 1;
    else if (char === '/' && (source[i + 1] === '/' || source[i + 1] === '*')) {
      const line = source[i + 1] === '/';
      const found = line ? source.indexOf('\n', i) : source.indexOf('*/', i + 2);
      const stop = found === -1 ? source.length : line ? found : found + 2;
      for (let j = i; j < stop; j++) if (out[j] !== '\n') out[j] = ' ';
      i = stop - 1;
    }
  }
  return out.join('');
}

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** The findings in the given files; files no rule concerns are ignored. */
export function lintWindowsSuite(files: readonly SourceFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    const role = roleOf(file.path);
    if (role === null) continue;
    const code = withoutComments(file.source);
    for (const rule of RULES) {
      if (!rule.roles.includes(role) || rule.except?.test(file.path) === true) continue;
      for (const { index, what } of rule.find(code)) {
        findings.push({ file: file.path, line: lineOf(file.source, index), rule: rule.id, message: `${what}: ${rule.instead}` });
      }
    }
  }
  return findings;
}

/** The TypeScript sources of every package's tests and of the Windows platform, in the repository at `root`. */
export function windowsSuiteSources(root: string): SourceFile[] {
  return sourcesUnder(root, ['service/src/platform/windows', 'service/test', 'shared/test', 'agent/test', 'installer/test', 'test/test']);
}

export function formatFinding(finding: Finding): string {
  return `${finding.file}:${finding.line}: [${finding.rule}] ${finding.message}`;
}
