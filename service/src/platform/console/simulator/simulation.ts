/**
 * Puts the simulator together: the simulated machine (the service's SessionSource), its launcher
 * (real agent processes it can end as Windows does) and the simulator the `simulate` command and
 * the console host listen to.
 */
import { systemClock, type Clock } from '../../../core/clock.js';
import type { AgentLauncher } from '../../platform.js';
import { SimulatedLauncher } from './simulated-launcher.js';
import { SimulatedMachine } from './simulated-machine.js';
import { SessionSimulator, type SimulatorDeps } from './session-simulator.js';

export interface Simulation {
  readonly machine: SimulatedMachine;
  readonly launcher: SimulatedLauncher;
  readonly simulator: SessionSimulator;
}

export function createSimulation(options: { sessions: number; launcher: AgentLauncher; clock?: Clock; timing?: SimulatorDeps['timing'] }): Simulation {
  const clock = options.clock ?? systemClock;
  const machine = new SimulatedMachine(clock);
  const launcher = new SimulatedLauncher(options.launcher, (id) => machine.sessions.get(id)?.loggingOff ?? false);
  const simulator = new SessionSimulator({
    machine,
    clock,
    endProcesses: (id, status) => launcher.endSession(id, status),
    ...(options.timing === undefined ? {} : { timing: options.timing }),
  });
  simulator.boot(options.sessions);
  return { machine, launcher, simulator };
}
