import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigSchema } from '@tandem/shared';
import { AgentSlot } from '../../src/core/agent-slot.js';
import { pino } from 'pino';
import { AGENT_OUTPUT_LIMITS } from '../../src/core/log-rate-limit.js';
import { FakeClock, FakeLauncher, settle } from './fakes.js';

interface LoggedLine {
  readonly msg: string;
  readonly lines?: number;
}

function slot(crashLoopFailures = 2) {
  const logged: LoggedLine[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logged.push(JSON.parse(line) as LoggedLine) });
  const launcher = new FakeLauncher();
  const clock = new FakeClock();
  const policy = ConfigSchema.parse({ agents: { crashLoopFailures } }).agents;
  const agent = new AgentSlot({
    session: { id: 1, logonId: 'l1', user: 'alice', userId: 'uid-alice', state: 'active', remote: false, console: true },
    endpoint: 'fake://agent-1',
    launcher,
    clock,
    log,
    policy: () => policy,
    requestShutdown: () => false,
    onChange: () => undefined,
    checkSession: async () => true,
  });
  return { launcher, clock, agent, logged };
}

describe('AgentSlot', () => {
  it('does not start again by itself once crash-looping; only restart() clears that', async () => {
    const t = slot(2);
    t.agent.start();
    await settle();
    t.launcher.alive()[0]?.exit(1);
    await settle();
    await t.clock.advance(1_000);
    t.launcher.alive()[0]?.exit(1);
    await settle();
    assert.equal(t.agent.state, 'crash-loop');
    t.agent.start();
    await settle();
    assert.equal(t.launcher.processes.length, 2);
    assert.equal(t.agent.state, 'crash-loop');
    await t.agent.restart();
    await settle();
    assert.equal(t.launcher.alive().length, 1);
    assert.equal(t.agent.state, 'running');
  });

  it('does not start again by itself after the user quit', async () => {
    const t = slot();
    t.agent.start();
    await settle();
    t.agent.markQuit();
    t.launcher.alive()[0]?.exit(0);
    await settle();
    assert.equal(t.agent.state, 'quit');
    t.agent.start();
    await settle();
    assert.equal(t.launcher.processes.length, 1);
  });

  it('is quit, with no restart pending, when the user quits during a backoff', async () => {
    const t = slot(5);
    t.agent.start();
    await settle();
    t.launcher.alive()[0]?.exit(1);
    await settle();
    assert.equal(t.agent.state, 'backoff');
    t.agent.markQuit();
    assert.equal(t.agent.state, 'quit');
    assert.equal(t.clock.pending, 0);
    await t.clock.advance(60_000);
    assert.equal(t.launcher.processes.length, 1);
  });

  it('logs an agent\'s output at a bounded rate, and says how much it dropped', async () => {
    const t = slot();
    t.agent.start();
    await settle();
    const output = t.launcher.lastSpec?.onOutput;
    assert.ok(output);
    for (let i = 0; i < 10_000; i++) output('stdout', `line ${i}`);
    const agentLines = () => t.logged.filter((line) => line.msg.startsWith('agent: line')).length;
    assert.equal(agentLines(), AGENT_OUTPUT_LIMITS.burstLines);
    await t.clock.advance(1_000);
    output('stderr', 'line after a second');
    assert.equal(agentLines(), AGENT_OUTPUT_LIMITS.burstLines + 1);
    const report = t.logged.find((line) => line.msg === 'agent output over the rate limit was dropped');
    assert.equal(report?.lines, 10_000 - AGENT_OUTPUT_LIMITS.burstLines);
  });
});
