import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { StubService, until } from '../support/stub-service.js';

const MAIN = fileURLToPath(new URL('../../src/headless/main.js', import.meta.url));
const FATAL_TRIGGER = pathToFileURL(fileURLToPath(new URL('./fixtures/fatal-trigger.js', import.meta.url))).href;
/** The agent's exit code after an error no code handled (main.ts). */
const EXIT_FATAL = 70;

/** The headless agent as a child process, the way the console launcher starts it. */
class AgentProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stdout: string[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: Record<string, string>, nodeArgs: readonly string[] = []) {
    // Only what we pass: a TANDEM_* variable of the test's own environment must not leak in.
    const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TANDEM_')));
    this.child = spawn(process.execPath, [...nodeArgs, MAIN], { env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.stdout.push(line));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('close', (code, signal) => resolve({ code, signal })));
  }

  async line(pattern: RegExp, what: string): Promise<string> {
    await until(() => this.stdout.some((line) => pattern.test(line)), `${what} (stdout so far: ${JSON.stringify(this.stdout)})`, 10_000);
    return this.stdout.find((line) => pattern.test(line)) ?? '';
  }

  count(pattern: RegExp): number {
    return this.stdout.filter((line) => pattern.test(line)).length;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

describe('headless agent (child process)', () => {
  let service: StubService;
  const agents: AgentProcess[] = [];
  const start = (env: Record<string, string>, nodeArgs: readonly string[] = []): AgentProcess => {
    const agent = new AgentProcess(env, nodeArgs);
    agents.push(agent);
    return agent;
  };
  beforeEach(() => {
    service = new StubService();
  });
  afterEach(async () => {
    for (const agent of agents.splice(0)) agent.kill();
    await service.dispose();
  });

  it('exits 2 with a clear message when TANDEM_ENDPOINT is missing', async () => {
    const agent = start({});
    assert.deepEqual(await agent.exited, { code: 2, signal: null });
    assert.match(agent.stderr, /^tandem-agent: E_INVALID_PARAMS: TANDEM_ENDPOINT is not set\. The Tandem service starts this agent/);
    assert.deepEqual(agent.stdout, []);
  });

  for (const kind of ['exception', 'rejection'] as const) {
    it(`says \`fatal:\` and exits ${EXIT_FATAL} on an unhandled ${kind}`, async () => {
      await service.start();
      const agent = start({ TANDEM_ENDPOINT: service.address, TANDEM_TEST_FATAL: kind }, ['--import', FATAL_TRIGGER]);
      await agent.line(/^connected to /, 'the connection');
      agent.child.kill('SIGUSR2');
      assert.deepEqual(await agent.exited, { code: EXIT_FATAL, signal: null });
      const origin = kind === 'exception' ? 'uncaughtException' : 'unhandledRejection';
      assert.equal(agent.count(new RegExp(`^fatal: ${origin}: .*${kind} forced by the test$`)), 1, agent.stdout.join('\n'));
    });
  }

  it('exits 2 when TANDEM_SESSION_ID is not a session number', async () => {
    const agent = start({ TANDEM_ENDPOINT: service.address, TANDEM_SESSION_ID: 'one' });
    assert.deepEqual(await agent.exited, { code: 2, signal: null });
    assert.equal(agent.stderr, 'tandem-agent: E_INVALID_PARAMS: Expected TANDEM_SESSION_ID to be a session number such as 1, got `one`\n');
  });

  it('connects, logs notifications and config changes, and exits 0 on agent.shutdown', async () => {
    await service.start();
    const agent = start({ TANDEM_ENDPOINT: service.address, TANDEM_SESSION_ID: '1' });
    assert.equal(await agent.line(/^connected to /, 'the connection'), 'connected to tandem/0.1.0 as session 1');
    const connection = await service.nextConnection();
    assert.match(connection.client, /^tandem-agent\/\d+\.\d+\.\d+$/);
    assert.equal(connection.role, 'user');

    service.emit('notify', { id: 'n1', title: 'Printer on floor 3 is back', body: '', level: 'info', at: new Date().toISOString() });
    assert.equal(await agent.line(/^notification: /, 'the notification'), 'notification: Printer on floor 3 is back');

    service.emit('config.changed', { tray: { links: [], actions: [{ id: 'sync', label: 'Sync', description: '', confirmation: null }], quietHours: { start: '22:00', end: '07:00' }, notificationsPerMinute: 3, supportText: '' } });
    assert.equal(
      await agent.line(/^config changed: /, 'the config change'),
      'config changed: 0 links, 1 action, quiet hours 22:00-07:00, 3 notifications per minute',
    );

    service.emit('agent.shutdown', { reason: 'logoff' });
    assert.deepEqual(await agent.exited, { code: 0, signal: null });
    assert.deepEqual(agent.stdout.slice(-2), ['shutdown requested by the service (logoff)', 'exiting: the service asked (logoff)']);
    assert.equal(agent.stderr, '');
  });

  it('reconnects after the service restarts', async () => {
    await service.start();
    const agent = start({ TANDEM_ENDPOINT: service.address, TANDEM_SESSION_ID: '1' });
    await agent.line(/^connected to /, 'the first connection');
    await service.stop();
    await agent.line(/^disconnected: /, 'the disconnection');
    await service.start();
    await until(() => agent.count(/^connected to /) === 2, 'the second connection', 10_000);
  });

  it('exits 0 on SIGTERM', async () => {
    await service.start();
    const agent = start({ TANDEM_ENDPOINT: service.address });
    await agent.line(/^connected to /, 'the connection');
    agent.child.kill('SIGTERM');
    assert.deepEqual(await agent.exited, { code: 0, signal: null });
    assert.equal(agent.stdout.at(-1), 'exiting: SIGTERM');
  });

  it('exits 0 when stdin closes with TANDEM_EXIT_WITH_STDIN=1, even with no service to talk to', async () => {
    const agent = start({ TANDEM_ENDPOINT: service.address, TANDEM_EXIT_WITH_STDIN: '1' });
    await agent.line(/^starting tandem-agent\//, 'the start');
    agent.child.stdin.end();
    assert.deepEqual(await agent.exited, { code: 0, signal: null });
    assert.equal(agent.stdout.at(-1), 'exiting: stdin closed');
  });

  it('keeps running when stdin closes without TANDEM_EXIT_WITH_STDIN', async () => {
    await service.start();
    const agent = start({ TANDEM_ENDPOINT: service.address });
    agent.child.stdin.end();
    // Still there to receive an event after stdin closed.
    await agent.line(/^connected to /, 'the connection');
    service.emit('notify', { id: 'n2', title: 'Still listening', body: '', level: 'info', at: new Date().toISOString() });
    await agent.line(/^notification: Still listening$/, 'the notification');
    assert.equal(agent.child.exitCode, null);
  });
});
