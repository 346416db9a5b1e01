/**
 * The MSI's release step (`tandem-service release-files`), before files are removed or replaced:
 * stop the service, then wait until no process runs a program from the install folder. The SCM
 * reports SERVICE_STOPPED while node.exe may still be exiting and holding its files; removing
 * them then leaves them behind (seen under Wine) or needs a reboot (files in use on Windows).
 * Agents end with the service (kill-on-close job); a tray a user started by hand, a tandemctl
 * left running, are waited for too, and ended after a grace period, as WireGuard's installer does.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isTandemError } from '@tandem/shared/errors';
import { isRunning, processesIn, terminate } from './processes.js';
import { queryServiceProcessId, stopService } from './service-control.js';

export interface ReleaseReport {
  /** The service was running and has been stopped. */
  readonly stopped: boolean;
  /** Processes of the install folder that exited by themselves while we waited. */
  readonly exited: readonly number[];
  /** Processes still running after the grace period, ended. */
  readonly ended: readonly number[];
}

async function waitGone(pids: readonly number[], timeoutMs: number, pollMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = pids.filter(isRunning);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(pollMs);
    left = left.filter(isRunning);
  }
  return left;
}

export async function releaseInstallFolder(name: string, installDir: string, { graceMs = 30_000, pollMs = 100 } = {}): Promise<ReleaseReport> {
  const servicePid = queryServiceProcessId(name);
  if (servicePid !== null) {
    await stopService(name).catch((error: unknown) => {
      if (!isTandemError(error, 'E_NOT_FOUND')) throw error;
    });
  }
  const running = processesIn(installDir);
  const left = await waitGone(running, graceMs, pollMs);
  for (const pid of left) {
    try {
      terminate(pid);
    } catch {
      // Gone between the look and the kill.
    }
  }
  const stubborn = await waitGone(left, 10_000, pollMs);
  if (stubborn.length > 0) throw new Error(`processes ${stubborn.join(', ')} still run programs from ${installDir} after being ended`);
  return { stopped: servicePid !== null, exited: running.filter((pid) => !left.includes(pid)), ended: left };
}
