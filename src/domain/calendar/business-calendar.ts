import { DateTime } from 'luxon';
import { addDays, datesOfYear, type IsoDate, parseIsoDate, weekdayNames, weekdayOf } from './iso-date.js';
import { publicHolidayLookup } from './public-holidays.js';
import {
  type CalendarSettings,
  parseWallClockTime,
  validateCalendarSettings,
  type WallClockTime,
} from './settings.js';

/** SPEC §2.2: first invitations go out at 10:05 local time. */
export const invitationWallClockTime = '10:05';

// A closure range this long is a configuration mistake, not a season; stop instead of looping forever.
const maxConsecutiveClosedDays = 3660;

export interface BusinessCalendar {
  readonly timeZone: string;
  localDateOf(instant: Date): IsoDate;
  /** Not Saturday/Sunday, not a public holiday (incl. observed days), not a closure day. */
  isBusinessDay(day: IsoDate): boolean;
  /** Why a day is closed ('Saturday', 'Thanksgiving Day', 'Closure day', …); undefined on a business day. */
  closedReason(day: IsoDate): string | undefined;
  /** A business day and start <= local time < end. */
  isWithinBusinessHours(instant: Date): boolean;
  /** The first business day strictly after `day`. */
  nextBusinessDay(day: IsoDate): IsoDate;
  /** Its own local date if that is a business day and the local time is before the end of business hours, else the next business day. */
  businessDayOf(instant: Date): IsoDate;
  /** Same local wall-clock time, `n` business days after the instant's local date; n = 0 returns the instant. */
  addBusinessDays(instant: Date, n: number): Date;
  /** The instant of wall clock 'HH:MM' on `day` (a time in the spring-forward gap moves forward). */
  atLocalTime(day: IsoDate, time: string): Date;
  /** SPEC §2.2: 10:05 on the next business day after the business day of creation. */
  invitationTime(createdAt: Date): Date;
  /** Adds `hours` of time inside business hours on business days only. */
  addBusinessHours(instant: Date, hours: number): Date;
  /** The instant itself inside business hours; otherwise when business hours next open (SPEC §4.6). */
  nextBusinessMoment(instant: Date): Date;
}

export function createBusinessCalendar(settings: CalendarSettings): BusinessCalendar {
  const { timeZone, country, state, closures, start, end } = validateCalendarSettings(settings);
  const holidaysOfYear = publicHolidayLookup(country, state);
  const endMinute = end.hour * 60 + end.minute;

  const closureNames = new Map<IsoDate, string>();
  for (const range of closures) {
    for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
      if (!closureNames.has(day)) closureNames.set(day, range.name);
    }
  }

  // Per year, every real date → closed reason, or null for a business day; built once on first use.
  // A missing key therefore means the string is not a real date.
  const years = new Map<number, Map<IsoDate, string | null>>();
  function yearOf(day: IsoDate): Map<IsoDate, string | null> {
    const year = Number(day.slice(0, 4));
    let dates = years.get(year);
    if (!dates) {
      dates = new Map();
      const holidays = holidaysOfYear(year);
      for (const date of datesOfYear(year)) {
        const weekday = weekdayOf(date);
        const weekend = weekday === 0 || weekday === 6 ? weekdayNames[weekday] : undefined;
        // The holiday name tells the most; a weekend inside a closure range still reads as the weekday.
        dates.set(date, holidays.get(date) ?? weekend ?? closureNames.get(date) ?? null);
      }
      years.set(year, dates);
    }
    return dates;
  }

  function closedReason(day: IsoDate): string | undefined {
    const reason = yearOf(day).get(day);
    if (reason === undefined) throw new RangeError(`Not a real date 'YYYY-MM-DD': '${day}'`);
    return reason ?? undefined;
  }

  function isBusinessDay(day: IsoDate): boolean {
    return closedReason(day) === undefined;
  }

  function nextBusinessDay(day: IsoDate): IsoDate {
    let candidate = day;
    for (let i = 0; i < maxConsecutiveClosedDays; i++) {
      candidate = addDays(candidate, 1);
      if (isBusinessDay(candidate)) return candidate;
    }
    throw new Error(
      `No business day within ${maxConsecutiveClosedDays} days after ${day}; check the closure days`,
    );
  }

  function local(instant: Date): DateTime {
    if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
    return DateTime.fromJSDate(instant, { zone: timeZone });
  }

  // One Intl formatter answers a local date in a few microseconds, ten times faster than luxon:
  // every booking and timer asks for one.
  const dateParts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  function localDateOf(instant: Date): IsoDate {
    if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
    let year = '';
    let month = '';
    let day = '';
    for (const part of dateParts.formatToParts(instant)) {
      if (part.type === 'year') year = part.value;
      else if (part.type === 'month') month = part.value;
      else if (part.type === 'day') day = part.value;
    }
    return `${year.padStart(4, '0')}-${month}-${day}`;
  }

  // Wall clock → instant is pure for the zone, and the same few (slot times, business hours) are
  // asked again and again; luxon takes some 50 µs each. Cleared when it grows, so it stays small.
  const instants = new Map<string, number>();
  function at(day: IsoDate, time: WallClockTime, second = 0, millisecond = 0): Date {
    const key = `${day} ${time.hour}:${time.minute}:${second}.${millisecond}`;
    let epoch = instants.get(key);
    if (epoch === undefined) {
      const { year, month, day: dayOfMonth } = parseIsoDate(day);
      epoch = DateTime.fromObject(
        { year, month, day: dayOfMonth, hour: time.hour, minute: time.minute, second, millisecond },
        { zone: timeZone },
      ).toMillis();
      if (instants.size >= 10_000) instants.clear();
      instants.set(key, epoch);
    }
    return new Date(epoch);
  }

  function isBeforeEndOfDay(time: DateTime): boolean {
    return time.hour * 60 + time.minute < endMinute;
  }

  function businessDayOf(instant: Date): IsoDate {
    const time = local(instant);
    const day = time.toISODate()!;
    return isBusinessDay(day) && isBeforeEndOfDay(time) ? day : nextBusinessDay(day);
  }

  return {
    timeZone,
    localDateOf,
    isBusinessDay,
    closedReason,
    nextBusinessDay,
    businessDayOf,

    isWithinBusinessHours(instant) {
      const time = local(instant);
      const minute = time.hour * 60 + time.minute;
      return (
        isBusinessDay(time.toISODate()!) && minute >= start.hour * 60 + start.minute && minute < endMinute
      );
    },

    addBusinessDays(instant, n) {
      if (!Number.isInteger(n) || n < 0)
        throw new RangeError(`Business days must be a whole number >= 0, got ${n}`);
      const time = local(instant);
      if (n === 0) return new Date(instant.getTime());
      let day = time.toISODate()!;
      for (let i = 0; i < n; i++) day = nextBusinessDay(day);
      return at(day, { hour: time.hour, minute: time.minute }, time.second, time.millisecond);
    },

    atLocalTime(day, time) {
      return at(day, parseWallClockTime(time));
    },

    invitationTime(createdAt) {
      return at(nextBusinessDay(businessDayOf(createdAt)), parseWallClockTime(invitationWallClockTime));
    },

    nextBusinessMoment(instant) {
      const opens = at(businessDayOf(instant), start);
      return opens.getTime() > instant.getTime() ? opens : instant;
    },

    addBusinessHours(instant, hours) {
      if (!Number.isFinite(hours) || hours < 0)
        throw new RangeError(`Business hours must be >= 0, got ${hours}`);
      let remaining = Math.round(hours * 3_600_000);
      const cursor = local(instant).toMillis();
      if (remaining === 0) return new Date(cursor);
      let day = localDateOf(instant);
      if (!isBusinessDay(day)) day = nextBusinessDay(day);
      for (;;) {
        // Instants of the window's edges, so a DST change inside the window is counted in real hours.
        const opens = at(day, start).getTime();
        const closes = at(day, end).getTime();
        const from = Math.max(cursor, opens);
        if (from < closes) {
          if (remaining <= closes - from) return new Date(from + remaining);
          remaining -= closes - from;
        }
        day = nextBusinessDay(day);
      }
    },
  };
}
