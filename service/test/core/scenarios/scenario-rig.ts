/**
 * The core's scenario rig: the real supervisor driven by the real session simulator, with fake
 * agents and fake time. Everything that happens lands in one timeline, in order: what the
 * service is told (`logon 2`, `power suspend`), which agents start and how they end.
 */
import { ConfigSchema, SimulateParamsSchema, type AgentInfo, type Config, type SimulateInput, type SimulateResult } from '@tandem/shared';
import { AgentSupervisor } from '../../../src/core/agent-supervisor.js';
import { hexStatus } from '../../../src/core/session-ending-exit.js';
import type { AgentLauncher, AgentProcess, LaunchSpec, Session } from '../../../src/platform/platform.js';
import { createSimulation, type Simulation } from '../../../src/platform/console/simulator/simulation.js';
import { FakeClock, FakeLauncher, FakeLink, fakeEndpoints, settle, silentLogger } from '../fakes.js';

/** Records launches and exits into the timeline, as the supervisor sees them. */
class RecordingLauncher implements AgentLauncher {
  readonly #inner: AgentLauncher;
  readonly #timeline: string[];

  constructor(inner: AgentLauncher, timeline: string[]) {
    this.#inner = inner;
    this.#timeline = timeline;
  }

  async launch(session: Session, spec: LaunchSpec): Promise<AgentProcess> {
    const process = await this.#inner.launch(session, spec);
    this.#timeline.push(`agent starts in ${session.id}`);
    void process.exited.then((exit) => this.#timeline.push(`agent of ${session.id} exits ${exit.code === null ? (exit.signal ?? 'killed') : exit.code > 255 ? hexStatus(exit.code) : String(exit.code)}`));
    return process;
  }
}

export interface Rig {
  readonly clock: FakeClock;
  readonly link: FakeLink;
  readonly timeline: string[];
  readonly simulation: Simulation;
  readonly supervisor: AgentSupervisor;
  readonly launcher: FakeLauncher;
  /** Runs a scenario while fake time moves on, as far as it needs. */
  simulate(scenario: SimulateInput): Promise<SimulateResult>;
  /** Agents by session: `{ 1: 'running' }`. */
  agents(): Record<number, AgentInfo['state']>;
  /** Moves fake time on and lets the supervisor catch up. */
  advance(ms: number): Promise<void>;
}

export async function scenarioRig(options: { sessions: number; config?: Partial<Config['agents']> }): Promise<Rig> {
  const timeline: string[] = [];
  const clock = new FakeClock();
  const link = new FakeLink();
  const fake = new FakeLauncher();
  const simulation = createSimulation({ sessions: options.sessions, launcher: fake, clock });
  const recording = new RecordingLauncher(simulation.launcher, timeline);
  const config = ConfigSchema.parse({ agents: options.config ?? {} });
  const supervisor = new AgentSupervisor({ platform: { sessions: simulation.machine, launcher: recording, endpoints: fakeEndpoints }, link, clock, log: silentLogger, config: () => config });
  simulation.machine.subscribe((event) => timeline.push(`told ${event.kind} ${event.sessionId}`));
  simulation.simulator.subscribe(async (control) => {
    if (control.kind === 'stop') {
      timeline.push(`told stop ${control.reason}`);
      return;
    }
    timeline.push(`told power ${control.change}`);
    if (control.change === 'resume') await supervisor.resync('resume');
  });
  await supervisor.start();
  await settle();
  const rig: Rig = {
    clock,
    link,
    timeline,
    simulation,
    supervisor,
    launcher: fake,
    async simulate(scenario) {
      const running = simulation.simulator.run(SimulateParamsSchema.parse(scenario));
      let result: SimulateResult | undefined;
      void running.then((r) => (result = r), () => (result = { sequence: [], sessionId: null }));
      // Fake time moves in small steps until the scenario has run (logoffs wait for their notice).
      for (let step = 0; result === undefined && step < 200; step++) await clock.advance(100);
      return running;
    },
    agents() {
      return Object.fromEntries(supervisor.agents().map((agent) => [agent.sessionId, agent.state]));
    },
    async advance(ms) {
      await clock.advance(ms);
      await supervisor.reevaluate();
      await settle();
    },
  };
  return rig;
}
