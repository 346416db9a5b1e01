/** Looking at and ending processes by pid, for the Windows tests: the product's own helpers (processes.ts). */
import { isRunning, terminate } from '../../../src/platform/windows/processes.js';

export { isRunning };

/** Ends a process as an administrator would (exit code 9, as `kill -9`). */
export function kill(pid: number): void {
  terminate(pid, 9);
}
