import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AgentProcess, Session } from '../../../src/platform/platform.js';
import { ProcessAsUserLauncher } from '../../../src/platform/windows/process-as-user.js';
import { WtsSessionSource } from '../../../src/platform/windows/wts-session-source.js';
import { check, checkHandle } from '../../../src/platform/windows/win32/call.js';
import { PROCESS_QUERY_LIMITED_INFORMATION } from '../../../src/platform/windows/win32/constants.js';
import { ownHandle } from '../../../src/platform/windows/win32/handle.js';
import { kernel32 } from '../../../src/platform/windows/win32/kernel32.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures', 'child-probe.js');
const STILL_ACTIVE = 259;

async function firstSession(): Promise<Session> {
  const sessions = await new WtsSessionSource().list();
  const session = sessions[0];
  assert.ok(session !== undefined, 'no interactive session to launch into');
  return session;
}

interface Launched {
  readonly process: AgentProcess;
  readonly lines: Array<{ stream: string; line: string }>;
}

async function launch(mode: string, extra: Record<string, string> = {}): Promise<Launched> {
  const lines: Launched['lines'] = [];
  const launcher = new ProcessAsUserLauncher({
    executable: process.execPath,
    args: [fixture, mode],
    env: extra,
  });
  const agent = await launcher.launch(await firstSession(), {
    endpoint: '\\\\.\\pipe\\Tandem\\agent-test',
    onOutput: (stream, line) => lines.push({ stream, line }),
  });
  return { process: agent, lines };
}

function isRunning(pid: number): boolean {
  const raw = kernel32().OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
  if (raw === null) return false;
  const handle = ownHandle(checkHandle('OpenProcess', raw), `process ${pid}`);
  try {
    const code: [number] = [0];
    check('GetExitCodeProcess', kernel32().GetExitCodeProcess(handle.value, code));
    return code[0] === STILL_ACTIVE;
  } finally {
    handle.close();
  }
}

test('the agent starts in the session, unelevated, with its endpoint, session and the profile as cwd; output arrives line by line', async () => {
  const session = await firstSession();
  const { process: agent, lines } = await launch('report');
  const exit = await agent.exited;
  assert.deepEqual(exit, { code: 7, signal: null });
  const stdout = lines.filter((l) => l.stream === 'stdout').map((l) => l.line);
  const report = JSON.parse(stdout.find((l) => l.startsWith('{')) ?? '{}') as Record<string, unknown>;
  assert.equal(report.endpoint, '\\\\.\\pipe\\Tandem\\agent-test');
  assert.equal(report.sessionEnv, String(session.id));
  assert.equal(report.sessionId, session.id);
  assert.equal(report.elevated, false);
  assert.equal(String(report.cwd).toLowerCase(), String(report.userProfile).toLowerCase());
  assert.ok(stdout.includes('second stdout line'));
  assert.deepEqual(lines.filter((l) => l.stream === 'stderr').map((l) => l.line), ['a line on stderr']);
});

test('the agent inherits only its three stdio handles', async () => {
  // An inheritable handle in the service must not reach the agent.
  const name = `Local\\TandemProbe-${process.pid}-${Date.now()}`;
  const event = ownHandle(checkHandle('CreateEventW', kernel32().CreateEventW({ nLength: 24, lpSecurityDescriptor: null, bInheritHandle: 1 }, 1, 0, name)), 'inheritable event');
  try {
    const { process: agent, lines } = await launch('handles', { TANDEM_PROBE_HANDLE: event.value.toString(), TANDEM_PROBE_EVENT: name });
    await agent.exited;
    assert.deepEqual(lines.map((l) => l.line), ["event opened by name: true; parent's handle inherited: false"]);
  } finally {
    event.close();
  }
});

test('terminate() ends the agent and everything it started (job object)', async () => {
  const { process: agent, lines } = await launch('spawn-and-wait');
  const grandchild = await new Promise<number>((resolve) => {
    const poll = setInterval(() => {
      const line = lines.find((l) => l.line.startsWith('grandchild '));
      if (line !== undefined) {
        clearInterval(poll);
        resolve(Number(line.line.slice('grandchild '.length)));
      }
    }, 20);
  });
  assert.ok(isRunning(grandchild));
  agent.terminate();
  const exit = await agent.exited;
  assert.equal(exit.signal, 'SIGKILL');
  assert.equal(isRunning(agent.pid), false);
  assert.equal(isRunning(grandchild), false);
});
