/** A calendar date 'YYYY-MM-DD', read in the business calendar's time zone. */
export type IsoDate = string;

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;

export const weekdayNames = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Parses 'YYYY-MM-DD' and rejects dates that do not exist (2026-02-30). */
export function parseIsoDate(value: string): DateParts {
  const match = isoDatePattern.exec(value);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (toIsoDate(Date.UTC(year, month - 1, day)) === value) return { year, month, day };
  }
  throw new RangeError(`Not a real date 'YYYY-MM-DD': '${value}'`);
}

export function isIsoDate(value: string): boolean {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

// Plain UTC arithmetic: a calendar date has no time zone, so DST cannot shift it.
export function addDays(day: IsoDate, days: number): IsoDate {
  const { year, month, day: dayOfMonth } = parseIsoDate(day);
  return toIsoDate(Date.UTC(year, month - 1, dayOfMonth + days));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: IsoDate): number {
  const { year, month, day: dayOfMonth } = parseIsoDate(day);
  return new Date(Date.UTC(year, month - 1, dayOfMonth)).getUTCDay();
}

/** Every date of a year, in order. */
export function datesOfYear(year: number): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += dayMs) dates.push(toIsoDate(t));
  return dates;
}

function toIsoDate(utcMs: number): IsoDate {
  return new Date(utcMs).toISOString().slice(0, 10);
}
