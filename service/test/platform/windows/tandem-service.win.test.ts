/**
 * The whole product on Windows, for real: the installed layout (scripts/stage-install.mjs, staged
 * by the suite's runner and copied here into Program Files, where only administrators can write)
 * installs its service with `tandem-service install`, the SCM starts it as a
 * service, it launches the headless agent into the user's session with CreateProcessAsUserW, the
 * agent completes its handshake over its ACL'd pipe, tandemctl changes configuration over the
 * admin pipe (both pipes' DACLs read back), the agent is killed and relaunched, machine policy
 * is reloaded on PARAMCHANGE, the service process is killed and started again without duplicate
 * agents, then it stops, leaves no agent behind, and is uninstalled.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConfigView, Status } from '@tandem/shared';
import { runServiceCommand } from '../../../src/cli/service-command.js';
import { reportFailure, runTandemctl } from '../../../src/cli/tandemctl.js';
import { getKey } from '../../../src/core/config-keys.js';
import { createConnector } from '../../../src/platform/connector.js';
import { ADMIN_PIPE_SDDL, agentPipeSddl } from '../../../src/platform/windows/pipe-acl.js';
import { readPipeDacl } from '../../../src/platform/windows/pipe-inspect.js';
import { ADMIN_PIPE_NAME } from '../../../src/platform/windows/pipe-names.js';
import { POLICY_KEY } from '../../../src/platform/windows/registry-policy-source.js';
import { controlService, queryService, uninstallService } from '../../../src/platform/windows/service-control.js';
import { SERVICE_CONTROL } from '../../../src/platform/windows/win32/constants.js';
import { createMachineKey, deleteMachineTree, setValue } from '../../../src/platform/windows/win32/registry.js';
import { policySamples } from './policy-samples.js';
import { isRunning, kill } from './process-fixtures.js';
import { assertSameDescriptor } from './sddl-compare.js';

// The real thing: the installed layout, in a folder only administrators can write (the service
// refuses to run code from anywhere else: SECURITY.md F1). TANDEM_TEST_STAGE names the stage.
const stage = process.env.TANDEM_TEST_STAGE;
if (stage === undefined) throw new Error('TANDEM_TEST_STAGE is not set: run the Windows suite through npm run test:windows');
// Where the service's log is kept for whoever reads a failure (the workflow uploads the folder).
const artifacts = process.env.TANDEM_TEST_ARTIFACTS;
if (artifacts === undefined) throw new Error('TANDEM_TEST_ARTIFACTS is not set: run the Windows suite through npm run test:windows');
const installDir = path.win32.join(process.env.ProgramW6432 ?? process.env.ProgramFiles ?? 'C:\\Program Files', 'TandemTest');
const nodeExe = path.win32.join(installDir, 'service', 'node.exe');
const serviceEntry = path.win32.join(installDir, 'service', 'tandem-service.mjs');
const serviceCommand = { executable: nodeExe, args: [serviceEntry, 'run'] };

/** `tandem-service <verb>` of the installed layout, as an administrator runs it. */
function installed(...argv: string[]): Run {
  const run = spawnSync(nodeExe, [serviceEntry, ...argv], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status ?? -1, out: run.stdout, err: run.stderr };
}

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

function capture(): { stdout: PassThrough; stderr: PassThrough; result: (code: number) => Run } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return { stdout, stderr, result: (code) => ({ code, out: String(stdout.read() ?? ''), err: String(stderr.read() ?? '') }) };
}

async function service(...argv: string[]): Promise<Run> {
  const io = capture();
  return io.result(await runServiceCommand(argv, io));
}

async function tandemctl(...argv: string[]): Promise<Run> {
  const io = capture();
  const code = await runTandemctl(['--address', ADMIN_PIPE_NAME, ...argv], { ...io, env: process.env, connector: (address) => createConnector(address) }).catch(
    (error: unknown) => reportFailure(error, io.stderr),
  );
  return io.result(code);
}

async function status(): Promise<Status> {
  const run = await tandemctl('--json', 'status');
  assert.equal(run.code, 0, run.err);
  return JSON.parse(run.out) as Status;
}

/** Polls until `probe` returns a value (not undefined), or fails after `seconds`. */
async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, seconds = 45): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(200);
  }
  assert.fail(`timed out waiting for ${what}${last === undefined ? '' : ` (last error: ${String(last)})`}`);
}

/** The one agent, once it runs and has completed its handshake (optionally: not `oldPid`). */
async function connectedAgent(oldPid?: number): Promise<Status['agents'][number]> {
  return until('a connected agent', async () => {
    const { agents } = await status();
    const agent = agents[0];
    return agents.length === 1 && agent !== undefined && agent.connected && agent.pid !== null && agent.pid !== oldPid ? agent : undefined;
  });
}

function logText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

let agentPid = 0;
let logFile = '';

after(async () => {
  if (logFile !== '') copyFileSync(logFile, path.join(artifacts, 'tandem-service.log'));
  deleteMachineTree(POLICY_KEY);
  await uninstallService('Tandem').catch(() => undefined);
  rmSync(installDir, { recursive: true, force: true });
});

test('service install from the installed layout creates the service; a second install says it is already installed', () => {
  rmSync(installDir, { recursive: true, force: true });
  cpSync(stage, installDir, { recursive: true });
  const first = installed('install');
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /Installed the Tandem service/);
  const second = installed('install');
  assert.equal(second.code, 0, second.err);
  assert.match(second.out, /Tandem is already installed/);
  // The SCM runs the layout's own node.exe and bundle, quoted.
  assert.equal(queryService('Tandem')?.binaryPath, `"${nodeExe}" "${serviceEntry}" run`);
});

test('the SCM starts it to RUNNING; an agent starts in the session and completes its handshake', async () => {
  const started = await service('start');
  assert.equal(started.code, 0, started.err);
  assert.match(started.out, /Tandem is running \(pid \d+\)/);
  const agent = await connectedAgent();
  agentPid = agent.pid ?? 0;
  const current = await status();
  assert.equal(current.platform, 'windows');
  assert.equal(current.pid, queryService('Tandem')?.pid);
  assert.equal(current.sessions.length, 1);
  assert.equal(agent.sessionId, current.sessions[0]?.id);
  logFile = current.logFile ?? '';
  assert.ok(logFile !== '');
});

test('tandemctl config set goes over the admin pipe and reaches the agent', async () => {
  const set = await tandemctl('config', 'set', 'tray.supportText', 'Call 555-0100');
  assert.equal(set.code, 0, set.err);
  const get = await tandemctl('config', 'get', 'tray.supportText');
  assert.equal(get.out.trim(), 'tray.supportText = "Call 555-0100"');
  await until('the agent to report the change', () => (/agent: config changed/.test(logText(logFile)) ? true : undefined));
});

test("both pipes' DACLs read back equal the documented constants", async () => {
  assertSameDescriptor(await readPipeDacl(ADMIN_PIPE_NAME), ADMIN_PIPE_SDDL, 'the admin pipe');
  const endpoint = /endpoint (\\\\\\\\\.\\\\pipe\\\\Tandem\\\\agent-[^"\s]+)/.exec(logText(logFile))?.[1]?.replaceAll('\\\\', '\\');
  assert.ok(endpoint !== undefined, 'the agent logged its endpoint');
  const dacl = await readPipeDacl(endpoint);
  const userSid = /\(A;;0x12019b;;;(S-[\d-]+)\)$/.exec(dacl)?.[1] ?? '';
  assertSameDescriptor(dacl, agentPipeSddl(userSid), 'the agent pipe');
  assert.match(userSid, /^S-1-5-21-/);
});

test('a killed agent is relaunched and connects again', async () => {
  kill(agentPid);
  const agent = await connectedAgent(agentPid);
  assert.ok(agent.restarts >= 1);
  assert.equal(isRunning(agentPid), false);
  agentPid = agent.pid ?? 0;
});

test('PARAMCHANGE reloads machine policy from the registry', async () => {
  const key = createMachineKey(POLICY_KEY);
  try {
    setValue(key, 'tray.supportText', 'Set by policy');
  } finally {
    key.close();
  }
  controlService('Tandem', SERVICE_CONTROL.PARAMCHANGE);
  const view = await until('the policy to be enforced', async () => {
    const get = await tandemctl('config', 'get', 'tray.supportText');
    return get.out.includes('Enforced by machine policy: tray.supportText') ? get.out : undefined;
  });
  assert.match(view, /tray\.supportText = "Set by policy"/);
  deleteMachineTree(POLICY_KEY);
  controlService('Tandem', SERVICE_CONTROL.PARAMCHANGE);
});

test('values written as the Group Policy templates define them are enforced, and config set on them is refused', async () => {
  const samples = policySamples();
  const kinds = samples.map((sample) => sample.value.encoding.kind);
  for (const kind of ['dword', 'text', 'choice', 'json'] as const) assert.ok(kinds.includes(kind), `no ${kind} policy value sampled`);
  const key = createMachineKey(POLICY_KEY);
  try {
    // A number is written as REG_DWORD, a string as REG_SZ: the types the templates' elements write.
    for (const sample of samples) setValue(key, sample.value.valueName, sample.data);
  } finally {
    key.close();
  }
  controlService('Tandem', SERVICE_CONTROL.PARAMCHANGE);
  const expected = samples.map((sample) => sample.value.key).sort();
  await until('the policy values to be listed as enforced', async () => {
    const { enforced } = (await status()).config;
    return JSON.stringify([...enforced].sort()) === JSON.stringify(expected) ? true : undefined;
  });
  const get = await tandemctl('--json', 'config', 'get');
  assert.equal(get.code, 0, get.err);
  const view = JSON.parse(get.out) as ConfigView;
  assert.deepEqual(view.health.problems, []);
  for (const sample of samples) assert.deepEqual(getKey(view.config, sample.value.key), sample.setting, sample.value.key);

  const text = samples.find((sample) => sample.value.encoding.kind === 'text')?.value.key ?? '';
  const refused = await tandemctl('config', 'set', text, 'Changed by hand');
  assert.equal(refused.code, 4, refused.err);
  assert.ok(refused.err.includes(`${text} is enforced by machine policy and cannot be changed here`), refused.err);

  deleteMachineTree(POLICY_KEY);
  controlService('Tandem', SERVICE_CONTROL.PARAMCHANGE);
  await until('the policy to be lifted', async () => ((await status()).config.enforced.length === 0 ? true : undefined));
});

test('the service process killed and started again: its agent died with it, one new agent, no duplicates', async () => {
  const servicePid = queryService('Tandem')?.pid ?? 0;
  assert.ok(servicePid > 0);
  kill(servicePid);
  // The job object ends the agent with the service that held it.
  await until('the old agent to end with the service', () => (isRunning(agentPid) ? undefined : true));
  await until('the service to be running again', async () => {
    const report = queryService('Tandem');
    if (report?.state === 'running' && report.pid !== servicePid && report.pid !== null && isRunning(report.pid)) return true;
    // Real Windows restarts it by itself (failure actions, after 1 s); Wine never does.
    if (report?.state === 'stopped' || (report?.pid !== null && report?.pid !== undefined && !isRunning(report.pid))) await service('start');
    return undefined;
  });
  const agent = await connectedAgent(agentPid);
  assert.equal((await status()).agents.length, 1);
  // Killed without notice, like a hard power loss: the new run says so.
  assert.equal((await status()).previousRun, 'unclean');
  agentPid = agent.pid ?? 0;
});

test('the Windows service refuses simulate: it tracks the real sessions of the machine', async () => {
  const refused = await tandemctl('simulate', 'lock', '1');
  assert.equal(refused.code, 1, refused.err);
  assert.match(refused.err, /E_NOT_SUPPORTED: simulate is refused by the Windows service, which tracks the real sessions of this machine/);
});

test('STOP stops the service and leaves no agent behind', async () => {
  const stopped = await service('stop');
  assert.equal(stopped.code, 0, stopped.err);
  assert.equal(queryService('Tandem')?.state, 'stopped');
  assert.equal(isRunning(agentPid), false);
  const down = await tandemctl('status');
  assert.equal(down.code, 3);
});

test('uninstall removes the service; the binary outside the SCM says what to do', async () => {
  const removed = await service('uninstall');
  assert.equal(removed.code, 0, removed.err);
  assert.match(removed.out, /Stopped and removed the Tandem service/);
  assert.equal(queryService('Tandem'), null);
  const status = await service('status');
  assert.equal(status.code, 3);
  assert.match(status.out, /Tandem is not installed/);
  const outside = spawnSync(serviceCommand.executable, serviceCommand.args, { encoding: 'utf8', timeout: 60_000 });
  assert.equal(outside.status, 2);
  assert.match(outside.stderr, /not started by the Windows service control manager/);
  assert.match(outside.stderr, /tandemctl service install/);
});
