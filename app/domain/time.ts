export const DAY_MS = 86_400_000;

export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Whole days from `from` to `to`, rounded up: one second late is one day late. */
export function daysLate(dueAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((now.getTime() - dueAt.getTime()) / DAY_MS));
}

export interface QuietHours {
  /** local hour quiet time starts (21 = 21:00) */
  startHour: number;
  /** local hour it ends (8 = 08:00); may be smaller than startHour (overnight) */
  endHour: number;
  timeZone: string;
}

// building a formatter costs far more than using one; the scheduler asks per receivable
const hourFormats = new Map<string, Intl.DateTimeFormat>();
/** Every zone's offset is a whole number of quarter hours: within a quarter hour of UTC the local hour is one. */
const QUARTER_HOUR_MS = 900_000;
const hoursByQuarter = new Map<string, Map<number, number>>();

/** The hour of the day in `timeZone` (0-23); remembered per quarter hour, as planning a large book asks it for the same moments again and again. */
export function localHour(date: Date, timeZone: string): number {
  const quarter = Math.floor(date.getTime() / QUARTER_HOUR_MS);
  let hours = hoursByQuarter.get(timeZone);
  if (!hours || hours.size > 10_000) hoursByQuarter.set(timeZone, (hours = new Map()));
  let hour = hours.get(quarter);
  if (hour === undefined) {
    let format = hourFormats.get(timeZone);
    if (!format) hourFormats.set(timeZone, (format = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "numeric", hourCycle: "h23" })));
    hours.set(quarter, (hour = Number(format.format(date))));
  }
  return hour;
}

export function isQuiet(date: Date, quiet: QuietHours): boolean {
  if (quiet.startHour === quiet.endHour) return false;
  const hour = localHour(date, quiet.timeZone);
  return quiet.startHour < quiet.endHour
    ? hour >= quiet.startHour && hour < quiet.endHour
    : hour >= quiet.startHour || hour < quiet.endHour;
}

/** The first moment at or after `date` outside quiet hours (on a whole hour when moved). */
export function afterQuietHours(date: Date, quiet: QuietHours): Date {
  let moment = date;
  for (let i = 0; i < 25 && isQuiet(moment, quiet); i++) {
    moment = new Date(Math.floor(moment.getTime() / 3_600_000) * 3_600_000 + 3_600_000);
  }
  return moment;
}

/** A date as forms send it (YYYY-MM-DD) at an hour of that day (UTC), or an invalid date that the checks refuse with their own words. */
export function dayFromForm(value: unknown, hourUtc = 12): Date {
  const text = String(value ?? "");
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T${String(hourUtc).padStart(2, "0")}:00:00Z`) : new Date(Number.NaN);
}
