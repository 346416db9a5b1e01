/**
 * A process's peak resident set (VmHWM): the kernel's high-water mark, which never decreases, so
 * two readings taken before and after a load cannot differ by the GC handing pages back. Linux only.
 */
import { readFileSync } from 'node:fs';

/** The peak RSS in KiB of process `pid`, or of this process (`self`). */
export function peakRssKb(pid: number | 'self' = 'self'): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match === null) throw new Error(`VmHWM not found in /proc/${pid}/status (Linux only)`);
  return Number(match[1]);
}
