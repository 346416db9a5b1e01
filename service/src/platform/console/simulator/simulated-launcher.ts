/**
 * Agents in the simulated machine: real processes (the wrapped launcher's), which the simulator
 * can end the way Windows ends a session's processes at logoff and shutdown. Their exit is then
 * reported with the status Windows gives (STATUS_CONTROL_C_EXIT, DBG_TERMINATE_PROCESS), and a
 * launch into a session that is logging off fails as it does on Windows, with
 * STATUS_DLL_INIT_FAILED_LOGOFF, without starting anything.
 */
import type { AgentExit, AgentLauncher, AgentProcess, LaunchSpec, Session } from '../../platform.js';

interface Tracked {
  readonly process: AgentProcess;
  status: number | undefined;
}

/** What a process started while its session logs off ends with. */
export const STATUS_DLL_INIT_FAILED_LOGOFF = 0xc000026b;

export class SimulatedLauncher implements AgentLauncher {
  readonly #inner: AgentLauncher;
  readonly #loggingOff: (sessionId: number) => boolean;
  readonly #bySession = new Map<number, Set<Tracked>>();

  constructor(inner: AgentLauncher, loggingOff: (sessionId: number) => boolean) {
    this.#inner = inner;
    this.#loggingOff = loggingOff;
  }

  async launch(session: Session, spec: LaunchSpec): Promise<AgentProcess> {
    if (this.#loggingOff(session.id)) {
      const exited = Promise.resolve<AgentExit>({ code: STATUS_DLL_INIT_FAILED_LOGOFF, signal: null });
      return { pid: 0, exited, terminate: () => undefined };
    }
    const process = await this.#inner.launch(session, spec);
    const tracked: Tracked = { process, status: undefined };
    let set = this.#bySession.get(session.id);
    if (set === undefined) this.#bySession.set(session.id, (set = new Set()));
    set.add(tracked);
    const exited = process.exited.then((exit): AgentExit => {
      set.delete(tracked);
      return tracked.status === undefined ? exit : { code: tracked.status, signal: null };
    });
    return { pid: process.pid, exited, terminate: () => process.terminate() };
  }

  /** Ends every agent process of the session, as Windows does; they report `status`. Returns how many. */
  endSession(sessionId: number, status: number): number {
    const set = this.#bySession.get(sessionId);
    if (set === undefined) return 0;
    for (const tracked of set) {
      tracked.status = status;
      tracked.process.terminate();
    }
    return set.size;
  }
}
