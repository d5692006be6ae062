import { describe, expect, it } from 'vitest';
import {
  addDays,
  createBusinessCalendar,
  defaultCalendarSettings,
} from '../../../src/domain/calendar/index.js';

const calendar = createBusinessCalendar(defaultCalendarSettings);

function closedWeekdays(year: number, cal = calendar): Record<string, string> {
  const closed: Record<string, string> = {};
  for (let day = `${year}-01-01`; day <= `${year}-12-31`; day = addDays(day, 1)) {
    const reason = cal.closedReason(day);
    const weekend = [0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay());
    if (reason !== undefined && !weekend) closed[day] = reason;
  }
  return closed;
}

describe('business days in America/Detroit with US-MI public holidays', () => {
  it('closes exactly the weekdays date-holidays lists as public for US-MI in 2026', () => {
    // Pinned so a date-holidays upgrade that changes the list shows up here.
    expect(closedWeekdays(2026)).toEqual({
      '2026-01-01': "New Year's Day",
      '2026-01-19': 'Martin Luther King Jr. Day',
      '2026-02-16': "Washington's Birthday",
      '2026-05-25': 'Memorial Day',
      '2026-06-19': 'Juneteenth',
      '2026-07-03': 'Independence Day (substitute day)',
      '2026-09-07': 'Labor Day',
      '2026-10-12': 'Columbus Day',
      '2026-11-11': 'Veterans Day',
      '2026-11-26': 'Thanksgiving Day',
      '2026-12-24': 'Christmas Eve',
      '2026-12-25': 'Christmas Day',
      '2026-12-31': "New Year's Eve",
    });
  });

  it('names weekends by their weekday and prefers the holiday name on a weekend holiday', () => {
    expect(calendar.closedReason('2026-11-14')).toBe('Saturday');
    expect(calendar.closedReason('2026-11-15')).toBe('Sunday');
    expect(calendar.closedReason('2026-07-04')).toBe('Independence Day');
  });

  it('keeps observances such as the day after Thanksgiving and Valentine’s Day open', () => {
    expect(calendar.isBusinessDay('2026-11-27')).toBe(true);
    expect(calendar.closedReason('2026-11-27')).toBeUndefined();
    expect(calendar.isBusinessDay('2027-02-15')).toBe(false); // Washington's Birthday
    expect(calendar.isBusinessDay('2026-04-15')).toBe(true); // Tax Day
  });

  it('closes substitute days that date-holidays lists in the previous year', () => {
    expect(calendar.closedReason('2027-12-31')).toBe("New Year's Eve / New Year's Day (substitute day)");
  });

  it('finds the next business day strictly after a day', () => {
    expect(calendar.nextBusinessDay('2026-11-16')).toBe('2026-11-17');
    expect(calendar.nextBusinessDay('2026-11-20')).toBe('2026-11-23');
    expect(calendar.nextBusinessDay('2026-11-25')).toBe('2026-11-27');
    expect(calendar.nextBusinessDay('2026-05-22')).toBe('2026-05-26');
    expect(calendar.nextBusinessDay('2026-12-30')).toBe('2027-01-04');
  });

  it('takes the local date in the calendar zone', () => {
    expect(calendar.localDateOf(new Date('2026-11-17T04:59:00Z'))).toBe('2026-11-16');
    expect(calendar.localDateOf(new Date('2026-11-17T05:00:00Z'))).toBe('2026-11-17');
  });

  it.each([
    ['Mon 04:59', '2026-11-16T04:59:00-05:00', false],
    ['Mon 05:00', '2026-11-16T05:00:00-05:00', true],
    ['Mon 17:59', '2026-11-16T17:59:59-05:00', true],
    ['Mon 18:00', '2026-11-16T18:00:00-05:00', false],
    ['Sat noon', '2026-11-14T12:00:00-05:00', false],
    ['Thanksgiving noon', '2026-11-26T12:00:00-05:00', false],
  ])('is within business hours on %s: %s', (_name, instant, expected) => {
    expect(calendar.isWithinBusinessHours(new Date(instant))).toBe(expected);
  });

  it('uses configured business hours', () => {
    const officeHours = createBusinessCalendar({
      ...defaultCalendarSettings,
      businessHours: { start: '08:30', end: '17:00' },
    });
    expect(officeHours.isWithinBusinessHours(new Date('2026-11-16T08:29:00-05:00'))).toBe(false);
    expect(officeHours.isWithinBusinessHours(new Date('2026-11-16T08:30:00-05:00'))).toBe(true);
    expect(officeHours.isWithinBusinessHours(new Date('2026-11-16T17:00:00-05:00'))).toBe(false);
    expect(officeHours.businessDayOf(new Date('2026-11-16T17:30:00-05:00'))).toBe('2026-11-17');
  });

  it('rejects a day that is not a real date', () => {
    expect(() => calendar.isBusinessDay('2026-02-30')).toThrow(/real date/);
    expect(() => calendar.nextBusinessDay('26-11-16')).toThrow(/real date/);
  });
});

describe('closure days', () => {
  const withBreak = createBusinessCalendar({
    ...defaultCalendarSettings,
    closureDays: [
      { from: '2026-12-24', to: '2027-01-01' },
      { from: '2026-08-14', to: '2026-08-14', name: 'Move-in day' },
    ],
  });

  it('closes every day of an inclusive range, across New Year', () => {
    expect(withBreak.closedReason('2026-12-23')).toBeUndefined();
    expect(withBreak.closedReason('2026-12-28')).toBe('Closure day');
    expect(withBreak.closedReason('2026-12-30')).toBe('Closure day');
    expect(withBreak.closedReason('2026-12-25')).toBe('Christmas Day');
    expect(withBreak.closedReason('2026-12-26')).toBe('Saturday');
    expect(withBreak.closedReason('2027-01-01')).toBe("New Year's Day");
    expect(withBreak.closedReason('2027-01-04')).toBeUndefined();
  });

  it('shows the name of a named closure', () => {
    expect(withBreak.closedReason('2026-08-14')).toBe('Move-in day');
    expect(withBreak.isBusinessDay('2026-08-13')).toBe(true);
  });

  it('leaves a calendar without closures untouched', () => {
    expect(calendar.isBusinessDay('2026-12-28')).toBe(true);
  });
});

describe('configurable holiday region', () => {
  it('closes the day after Thanksgiving in California but not in Michigan', () => {
    const california = createBusinessCalendar({
      ...defaultCalendarSettings,
      holidays: { country: 'US', state: 'CA' },
    });
    expect(california.closedReason('2026-11-27')).toBe('Day after Thanksgiving Day');
    expect(california.isBusinessDay('2026-10-12')).toBe(true); // no Columbus Day in CA
    expect(california.invitationTime(new Date('2026-11-25T12:00:00-05:00')).toISOString()).toBe(
      '2026-11-30T15:05:00.000Z',
    );
  });

  it('uses another country and its own time zone', () => {
    const bavaria = createBusinessCalendar({
      timeZone: 'Europe/Berlin',
      holidays: { country: 'de', state: 'by' },
      closureDays: [],
    });
    expect(bavaria.closedReason('2026-01-06')).toBe('Epiphany');
    expect(bavaria.isBusinessDay('2026-11-26')).toBe(true);
    expect(bavaria.invitationTime(new Date('2026-01-05T12:00:00+01:00')).toISOString()).toBe(
      '2026-01-07T09:05:00.000Z',
    );
  });

  it('canonicalises the time zone name', () => {
    expect(createBusinessCalendar({ ...defaultCalendarSettings, timeZone: 'america/detroit' }).timeZone).toBe(
      'America/Detroit',
    );
  });
});
