import { IANAZone } from 'luxon';
import { type IsoDate, parseIsoDate } from './iso-date.js';
import { assertHolidayRegion } from './public-holidays.js';

export interface ClosureRange {
  /** First closed date, inclusive. */
  from: IsoDate;
  /** Last closed date, inclusive. */
  to: IsoDate;
  /** Shown as the closed reason; 'Closure day' when absent. */
  name?: string;
}

export interface CalendarSettings {
  /** IANA time zone of the organisation. */
  timeZone: string;
  /** date-holidays country and optional state; only type 'public' days close. */
  holidays: { country: string; state?: string };
  /** University Season Days such as winter break. */
  closureDays: ReadonlyArray<ClosureRange>;
  /** 'HH:MM' wall clock; `end` is exclusive. Default 05:00–18:00. */
  businessHours?: { start: string; end: string };
}

export const defaultBusinessHours = { start: '05:00', end: '18:00' } as const;

export const defaultCalendarSettings: CalendarSettings = {
  timeZone: 'America/Detroit',
  holidays: { country: 'US', state: 'MI' },
  closureDays: [],
  businessHours: defaultBusinessHours,
};

export interface WallClockTime {
  hour: number;
  minute: number;
}

const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseWallClockTime(value: string): WallClockTime {
  const match = timePattern.exec(value);
  if (!match) throw new RangeError(`Not a wall-clock time 'HH:MM': '${value}'`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export interface ValidatedSettings {
  timeZone: string;
  country: string;
  state: string | undefined;
  closures: ReadonlyArray<Required<ClosureRange>>;
  start: WallClockTime;
  end: WallClockTime;
}

/** Fails fast at start-up so a typo in the configuration never silently opens or closes days. */
export function validateCalendarSettings(settings: CalendarSettings): ValidatedSettings {
  if (!IANAZone.isValidZone(settings.timeZone)) {
    throw new Error(`Unknown time zone '${settings.timeZone}'; use an IANA name such as 'America/Detroit'`);
  }
  // Canonical spelling, so 'america/detroit' and 'America/Detroit' behave and print the same.
  const timeZone = new Intl.DateTimeFormat('en-US', { timeZone: settings.timeZone }).resolvedOptions()
    .timeZone;

  const { country, state } = assertHolidayRegion(settings.holidays.country, settings.holidays.state);

  const closures = settings.closureDays.map((range) => {
    for (const value of [range.from, range.to]) {
      try {
        parseIsoDate(value);
      } catch {
        throw new Error(
          `Closure days ${range.from}..${range.to}: '${value}' is not a real date 'YYYY-MM-DD'`,
        );
      }
    }
    if (range.from > range.to)
      throw new Error(`Closure days ${range.from}..${range.to}: 'from' is after 'to'`);
    return { from: range.from, to: range.to, name: range.name ?? 'Closure day' };
  });

  const hours = settings.businessHours ?? defaultBusinessHours;
  let start: WallClockTime;
  let end: WallClockTime;
  try {
    start = parseWallClockTime(hours.start);
    end = parseWallClockTime(hours.end);
  } catch (error) {
    throw new Error(`Business hours: ${(error as Error).message}`);
  }
  if (start.hour * 60 + start.minute >= end.hour * 60 + end.minute) {
    throw new Error(`Business hours: start ${hours.start} must be before end ${hours.end}`);
  }

  return { timeZone, country, state, closures, start, end };
}
