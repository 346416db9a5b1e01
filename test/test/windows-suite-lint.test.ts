import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { callArguments, formatFinding, lintWindowsSuite, roleOf, RULES, windowsSuiteSources, withoutComments } from '../src/windows-suite-lint.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The rules `source` breaks as a file at `file`. */
function broken(file: string, source: string): string[] {
  return lintWindowsSuite([{ path: file, source }]).map((finding) => finding.rule);
}

const TEST = 'service/test/platform/windows/example.win.test.ts';
const BODY = 'service/test/platform/windows/fixtures/example-body.ts';

/** For each rule: code as it stood when the review found the bug, and the code that replaced it. */
const SAMPLES: Record<string, { file: string; wrong: string; right: string }> = {
  'se-tcb-in-test-process': {
    file: TEST,
    wrong: "const source = new WtsSessionSource();\nassert.equal((await source.describe(currentSessionId()))?.state, 'locked');",
    right: "const source = new WtsSessionSource();\nassert.deepEqual(await source.probe(0), { kind: 'gone' });\nsource.notify(sessionChange(7, 1));",
  },
  'exact-dacl-comparison': {
    file: TEST,
    wrong: "assert.equal(dacl(dir), DATA_DIR_SDDL);\nassert.equal(await readPipeDacl(address), agentPipeSddl(sid));\nassert.equal(result.dacl.replace(/^D:PAI\\(/, 'D:P('), DATA_DIR_SDDL);",
    right: 'assertSameDescriptor(readPathDacl(dir), DATA_DIR_SDDL);\nassert.equal(grantsInstanceCreation(agentPipeSddl(sid)), false);',
  },
  'listener-in-test-process': {
    file: TEST,
    wrong: 'const listener = new AclPipeListener({ address, sddl: ADMIN_PIPE_SDDL, peer, admit });',
    right: 'const listener = new TestProcessListener({ address, sddl: ADMIN_PIPE_SDDL, peer, admit });',
  },
  'terminate-from-test-process': {
    file: 'service/test/platform/windows/process-fixtures.ts',
    wrong: "import { isRunning, terminate } from '../../../src/platform/windows/processes.js';\nexport function kill(pid: number): void {\n  terminate(pid, 9);\n}",
    right: "import { isRunning } from '../../../src/platform/windows/processes.js';\nspawnSync('taskkill', ['/F', '/PID', String(pid)]);",
  },
  'local-name-in-session-zero': {
    file: BODY,
    wrong: 'const name = `Local\\\\TandemProbe-${process.pid}`;',
    right: 'const name = `Global\\\\TandemProbe-${process.pid}`;',
  },
  'test-service-restarts': {
    file: TEST,
    wrong: "await installService({ name, requiredPrivileges: [], restartOnFailure: true });",
    right: "await installService({ name, requiredPrivileges: [], restartOnFailure: false });",
  },
  'live-handle-value': {
    file: 'service/test/platform/windows/win32/bindings.win.test.ts',
    wrong: "const bogus = 0x1230n;\ncheck('CloseHandle', kernel32().CloseHandle(bogus));",
    right: "const bogus = 0x7ffffff8n;\nif (raw === 0xffffffffffffffffn) return;",
  },
  'platform-sized-type-in-prototype': {
    file: 'service/src/platform/windows/win32/kernel32.ts',
    wrong: "fn('long __stdcall InterlockedIncrement(long *value)');\nfn('int __stdcall lstrlenW(const wchar_t *text)');",
    right: "fn('int32_t __stdcall InterlockedIncrement(int32_t *value)');\nfn('int __stdcall lstrlenW(const char16_t *text)');",
  },
};

describe('Windows suite lint', () => {
  it('holds in this repository: no Windows test relies on what only Wine gives', () => {
    const files = windowsSuiteSources(root);
    // Guards against a vacuous pass if the files move: each role has its files.
    const count = (role: string): number => files.filter((file) => roleOf(file.path) === role).length;
    assert.ok(count('test-process') >= 20, `${count('test-process')} test-process files`);
    assert.ok(count('local-system') >= 5, `${count('local-system')} LocalSystem bodies`);
    assert.ok(count('product') >= 50, `${count('product')} product files`);
    assert.ok(count('launched-child') >= 1, `${count('launched-child')} launched probes`);
    assert.deepEqual(lintWindowsSuite(files).map(formatFinding), []);
  });

  for (const rule of RULES) {
    it(`${rule.id}: catches the code the review found, passes the code that replaced it`, () => {
      const sample = SAMPLES[rule.id];
      assert.ok(sample !== undefined, `no sample for ${rule.id}`);
      assert.ok(broken(sample.file, sample.wrong).includes(rule.id), sample.wrong);
      assert.deepEqual(broken(sample.file, sample.right), [], sample.right);
    });
  }

  it('each rule applies only where its code runs: a LocalSystem body may ask WTSQueryUserToken, a product file may end a process', () => {
    assert.deepEqual(broken(BODY, 'const sessions = await new WtsSessionSource().list();'), []);
    assert.deepEqual(broken('service/src/platform/windows/processes.ts', "check('TerminateProcess', kernel32().TerminateProcess(handle, 1));"), []);
    assert.deepEqual(broken('service/test/platform/windows/pipe-acl.test.ts', "assert.equal(ADMIN_PIPE_SDDL, 'D:P(A;;FA;;;SY)');"), [], 'a Linux unit test of the constants');
    assert.deepEqual(broken('service/test/platform/windows/test-process-listener.ts', 'this.#listener = new AclPipeListener({ ...options });'), []);
  });

  it('reads code, not comments; names the file and line', () => {
    assert.deepEqual(broken(TEST, '// describe() would call WTSQueryUserToken (1314)\n/* new AclPipeListener( */\nconst url = "//./pipe/x";'), []);
    const [finding] = lintWindowsSuite([{ path: TEST, source: "import x from 'y';\n\nassert.equal(await readPipeDacl(a), ADMIN_PIPE_SDDL);" }]);
    assert.equal(finding === undefined ? '' : formatFinding(finding).split(' [')[0], `${TEST}:3:`);
  });

  it('splits call arguments at the top level only, past strings and brackets', () => {
    const source = "assert.equal(f(a, b), 'x, (y', [1, 2], `t${g(',')}`)";
    assert.deepEqual(callArguments(source, source.indexOf('(')), ['f(a, b)', "'x, (y'", '[1, 2]', "`t${g(',')}`"]);
    assert.equal(withoutComments('a // b\nc /* d\ne */ f'), 'a     \nc     \n     f');
  });
});
