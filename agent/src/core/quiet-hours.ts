/**
 * Quiet hours: a daily window of local time, `HH:MM` to `HH:MM`, that may wrap past midnight
 * (22:00–07:00). Start and end equal means no quiet time at all rather than a whole day, so a
 * mistyped window cannot silence the tray for good.
 */

export interface QuietHours {
  readonly start: string;
  readonly end: string;
}

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since local midnight for `HH:MM`; throws a RangeError naming the bad value. */
export function minutesOfDay(time: string): number {
  const match = CLOCK_TIME.exec(time);
  if (match === null) throw new RangeError(`Expected a time of day as HH:MM, got \`${time}\``);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** True when `date`, in local time, falls inside the window (start included, end excluded). */
export function isQuietTime(quietHours: QuietHours | null, date: Date): boolean {
  if (quietHours === null) return false;
  const start = minutesOfDay(quietHours.start);
  const end = minutesOfDay(quietHours.end);
  const now = date.getHours() * 60 + date.getMinutes();
  if (start === end) return false;
  if (start < end) return now >= start && now < end;
  return now >= start || now < end;
}
