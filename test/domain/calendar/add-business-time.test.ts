import { describe, expect, it } from 'vitest';
import { createBusinessCalendar, defaultCalendarSettings } from '../../../src/domain/calendar/index.js';

const calendar = createBusinessCalendar(defaultCalendarSettings);
const addDays = (instant: string, n: number, cal = calendar) =>
  cal.addBusinessDays(new Date(instant), n).toISOString();
const addHours = (instant: string, hours: number) =>
  calendar.addBusinessHours(new Date(instant), hours).toISOString();

describe('addBusinessDays', () => {
  it('returns the same instant for n = 0, even on a weekend', () => {
    expect(addDays('2026-11-14T12:34:56.789-05:00', 0)).toBe('2026-11-14T17:34:56.789Z');
  });

  it('keeps the wall-clock time and skips weekends', () => {
    expect(addDays('2026-11-20T10:05:00-05:00', 1)).toBe('2026-11-23T15:05:00.000Z');
    expect(addDays('2026-11-14T09:00:00-05:00', 1)).toBe('2026-11-16T14:00:00.000Z');
  });

  it('gives the reminders and pending_location_info deadline 5, 10 and 14 business days after an invitation', () => {
    // Invitation Tue 2026-11-17 10:05 (ticket created Mon 17:59); Thanksgiving falls in between.
    const invitation = calendar.invitationTime(new Date('2026-11-16T17:59:00-05:00'));
    expect(invitation.toISOString()).toBe('2026-11-17T15:05:00.000Z');
    expect(calendar.addBusinessDays(invitation, 5).toISOString()).toBe('2026-11-24T15:05:00.000Z');
    expect(calendar.addBusinessDays(invitation, 10).toISOString()).toBe('2026-12-02T15:05:00.000Z');
    expect(calendar.addBusinessDays(invitation, 14).toISOString()).toBe('2026-12-08T15:05:00.000Z');
  });

  it('keeps 10:05 local across spring forward (15:05Z before, 14:05Z after)', () => {
    const invitation = '2026-03-03T10:05:00-05:00';
    expect(addDays(invitation, 5)).toBe('2026-03-10T14:05:00.000Z');
    expect(addDays(invitation, 10)).toBe('2026-03-17T14:05:00.000Z');
    expect(addDays(invitation, 14)).toBe('2026-03-23T14:05:00.000Z');
    expect(addDays('2026-03-06T10:05:00-05:00', 1)).toBe('2026-03-09T14:05:00.000Z');
  });

  it('keeps 10:05 local across fall back (14:05Z before, 15:05Z after)', () => {
    expect(addDays('2026-10-30T10:05:00-04:00', 1)).toBe('2026-11-02T15:05:00.000Z');
    expect(addDays('2026-10-27T10:05:00-04:00', 5)).toBe('2026-11-03T15:05:00.000Z');
  });

  it('skips closure days', () => {
    const withBreak = createBusinessCalendar({
      ...defaultCalendarSettings,
      closureDays: [{ from: '2026-12-24', to: '2027-01-01' }],
    });
    expect(addDays('2026-12-22T10:05:00-05:00', 5, withBreak)).toBe('2027-01-07T15:05:00.000Z');
    expect(addDays('2026-12-22T10:05:00-05:00', 5)).toBe('2027-01-04T15:05:00.000Z');
    expect(addDays('2026-12-22T10:05:00-05:00', 3, withBreak)).toBe('2027-01-05T15:05:00.000Z');
    expect(addDays('2026-12-22T10:05:00-05:00', 3)).toBe('2026-12-29T15:05:00.000Z');
  });

  it('rejects negative or fractional counts', () => {
    expect(() => addDays('2026-11-16T10:05:00-05:00', -1)).toThrow(RangeError);
    expect(() => addDays('2026-11-16T10:05:00-05:00', 1.5)).toThrow(RangeError);
  });
});

describe('addBusinessHours', () => {
  it('stays within one business day when it fits', () => {
    expect(addHours('2026-11-16T09:00:00-05:00', 3.5)).toBe('2026-11-16T17:30:00.000Z');
  });

  it('continues at 05:00 the next morning across an evening', () => {
    expect(addHours('2026-11-16T17:00:00-05:00', 2)).toBe('2026-11-17T11:00:00.000Z');
    expect(addHours('2026-11-16T20:00:00-05:00', 2)).toBe('2026-11-17T12:00:00.000Z');
  });

  it('starts counting at opening time when given an instant before hours', () => {
    expect(addHours('2026-11-17T03:00:00-05:00', 1)).toBe('2026-11-17T11:00:00.000Z');
  });

  it('ends at closing time when the hours fill the day exactly', () => {
    expect(addHours('2026-11-16T05:00:00-05:00', 13)).toBe('2026-11-16T23:00:00.000Z');
    expect(addHours('2026-11-16T05:00:00-05:00', 14)).toBe('2026-11-17T11:00:00.000Z');
  });

  it('skips a weekend', () => {
    expect(addHours('2026-11-20T16:00:00-05:00', 4)).toBe('2026-11-23T12:00:00.000Z');
    expect(addHours('2026-11-21T12:00:00-05:00', 1)).toBe('2026-11-23T11:00:00.000Z');
  });

  it('skips a holiday', () => {
    expect(addHours('2026-11-25T17:00:00-05:00', 3)).toBe('2026-11-27T12:00:00.000Z');
  });

  it('counts business hours in local time across a DST change', () => {
    expect(addHours('2026-03-06T17:00:00-05:00', 2)).toBe('2026-03-09T10:00:00.000Z');
    expect(addHours('2026-10-30T17:00:00-04:00', 2)).toBe('2026-11-02T11:00:00.000Z');
  });

  it('returns the instant itself for zero hours and rejects negative hours', () => {
    expect(addHours('2026-11-21T12:00:00-05:00', 0)).toBe('2026-11-21T17:00:00.000Z');
    expect(() => addHours('2026-11-16T09:00:00-05:00', -1)).toThrow(RangeError);
  });
});

describe('atLocalTime', () => {
  it('turns a wall-clock time on a day into an instant in the zone', () => {
    expect(calendar.atLocalTime('2026-11-16', '10:05').toISOString()).toBe('2026-11-16T15:05:00.000Z');
    expect(calendar.atLocalTime('2026-07-01', '10:05').toISOString()).toBe('2026-07-01T14:05:00.000Z');
  });

  it('moves a time in the spring-forward gap forward', () => {
    expect(calendar.atLocalTime('2026-03-08', '02:30').toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('rejects malformed input', () => {
    expect(() => calendar.atLocalTime('2026-11-16', '24:00')).toThrow(/HH:MM/);
    expect(() => calendar.atLocalTime('2026-13-01', '10:05')).toThrow(/real date/);
  });
});
