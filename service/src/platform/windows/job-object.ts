/**
 * A job object per agent with KILL_ON_JOB_CLOSE: when the service closes the job, or dies and
 * Windows closes it, every process in it ends, the agent and anything it started (Electron's
 * helpers). So an agent never outlives the service, even one killed from Task Manager.
 */
import { check, checkHandle } from './win32/call.js';
import { JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, JobObjectExtendedLimitInformation } from './win32/constants.js';
import { ownHandle, type Owned } from './win32/handle.js';
import { kernel32 } from './win32/kernel32.js';
import { koffi, win32Types, type Pointer } from './win32/koffi.js';
import type { JobExtendedLimitInformation } from './win32/types.js';

/** Creates the job. The caller closes it, which kills whatever still runs in it. */
export function createKillOnCloseJob(what: string): Owned {
  const job = ownHandle(checkHandle('CreateJobObjectW', kernel32().CreateJobObjectW(null, null)), `job of ${what}`);
  try {
    const type = win32Types().JOBOBJECT_EXTENDED_LIMIT_INFORMATION;
    const info = Buffer.alloc(koffi().sizeof(type));
    const limits: JobExtendedLimitInformation = {
      BasicLimitInformation: {
        PerProcessUserTimeLimit: 0n,
        PerJobUserTimeLimit: 0n,
        LimitFlags: JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
        MinimumWorkingSetSize: 0n,
        MaximumWorkingSetSize: 0n,
        ActiveProcessLimit: 0,
        Affinity: 0n,
        PriorityClass: 0,
        SchedulingClass: 0,
      },
      IoInfo: { ReadOperationCount: 0n, WriteOperationCount: 0n, OtherOperationCount: 0n, ReadTransferCount: 0n, WriteTransferCount: 0n, OtherTransferCount: 0n },
      ProcessMemoryLimit: 0n,
      JobMemoryLimit: 0n,
      PeakProcessMemoryUsed: 0n,
      PeakJobMemoryUsed: 0n,
    };
    koffi().encode(info, type, limits);
    check('SetInformationJobObject', kernel32().SetInformationJobObject(job.value, JobObjectExtendedLimitInformation, info, info.length));
    return job;
  } catch (error) {
    job.close();
    throw error;
  }
}

export function assignToJob(job: Owned, process: Pointer): void {
  check('AssignProcessToJobObject', kernel32().AssignProcessToJobObject(job.value, process));
}
