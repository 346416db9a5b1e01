/**
 * The PBT_* events of SERVICE_CONTROL_POWEREVENT (winuser.h), by value, and what each means for
 * Tandem. Plain data without koffi, shared by the Windows decoder and the console simulator.
 *
 * Since Windows Vista a service gets PBT_APMSUSPEND before sleep and hibernation (no query is
 * sent), then at wake PBT_APMRESUMEAUTOMATIC, and PBT_APMRESUMESUSPEND as well if a user woke
 * the machine; PBT_APMRESUMECRITICAL after a suspend nobody was told of. Fast Startup's "shut
 * down" is, for session 0, a hibernation: the same suspend and resume.
 */
import type { PowerChange } from '../platform.js';

export const PBT = {
  PBT_APMQUERYSUSPEND: 0x0000,
  PBT_APMQUERYSTANDBY: 0x0001,
  PBT_APMQUERYSUSPENDFAILED: 0x0002,
  PBT_APMQUERYSTANDBYFAILED: 0x0003,
  PBT_APMSUSPEND: 0x0004,
  PBT_APMSTANDBY: 0x0005,
  PBT_APMRESUMECRITICAL: 0x0006,
  PBT_APMRESUMESUSPEND: 0x0007,
  PBT_APMRESUMESTANDBY: 0x0008,
  PBT_APMBATTERYLOW: 0x0009,
  PBT_APMPOWERSTATUSCHANGE: 0x000a,
  PBT_APMOEMEVENT: 0x000b,
  PBT_APMRESUMEAUTOMATIC: 0x0012,
  PBT_POWERSETTINGCHANGE: 0x8013,
} as const;
export type PbtName = keyof typeof PBT;

/** What each event means for agents; null: nothing to do (battery, AC/DC, settings). */
const CHANGES: Readonly<Partial<Record<PbtName, PowerChange>>> = {
  PBT_APMSUSPEND: 'suspend',
  PBT_APMSTANDBY: 'suspend',
  PBT_APMRESUMEAUTOMATIC: 'resume',
  PBT_APMRESUMESUSPEND: 'resume',
  PBT_APMRESUMESTANDBY: 'resume',
  PBT_APMRESUMECRITICAL: 'resume',
};

const NAMES: ReadonlyMap<number, PbtName> = new Map((Object.entries(PBT) as Array<[PbtName, number]>).map(([name, value]) => [value, name]));

export function pbtName(eventType: number): string {
  return NAMES.get(eventType) ?? `PBT event 0x${eventType.toString(16)}`;
}

export function pbtChange(eventType: number): PowerChange | null {
  const name = NAMES.get(eventType);
  return name === undefined ? null : (CHANGES[name] ?? null);
}

/**
 * Turns the stream of PBT events into one `resume` per wake: PBT_APMRESUMEAUTOMATIC and
 * PBT_APMRESUMESUSPEND both follow the same wake, and reconciling twice would be wasted work.
 * A resume with no suspend before it (PBT_APMRESUMECRITICAL, or the first after start) counts.
 */
export class PowerNotices {
  #asleep: boolean | undefined;

  /** The change to act on for `eventType`, or null when there is none (or it repeats the last). */
  next(eventType: number): PowerChange | null {
    const change = pbtChange(eventType);
    if (change === null) return null;
    if (change === 'suspend') {
      this.#asleep = true;
      return 'suspend';
    }
    if (this.#asleep === false) return null;
    this.#asleep = false;
    return 'resume';
  }
}
