import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar, defaultCalendarSettings } from '../../../src/domain/calendar/index.js';
import {
  type PreferenceInput,
  type SlotPreference,
  slotsFor,
  validatePreference,
} from '../../../src/domain/scheduling/index.js';

const zone = 'America/Detroit';
const calendar = createBusinessCalendar({
  ...defaultCalendarSettings,
  timeZone: zone,
  closureDays: [{ from: '2026-11-27', to: '2026-11-27', name: 'Campus closure' }],
});
const isBusinessDay = (day: string) => calendar.isBusinessDay(day);

const rule = (overrides: Partial<SlotPreference> = {}): SlotPreference => ({
  id: 1,
  weekdays: [1, 2, 3, 4, 5],
  startTime: '09:00',
  endTime: '12:00',
  slotMinutes: 60,
  capacity: 2,
  effectiveFrom: '2026-01-01',
  effectiveTo: null,
  ...overrides,
});

/** Each slot as local wall clock 'YYYY-MM-DD HH:mm–HH:mm' and its real length in minutes. */
const local = (slots: ReturnType<typeof slotsFor>) =>
  slots.map((s) => {
    const start = DateTime.fromJSDate(s.startsAt, { zone });
    const end = DateTime.fromJSDate(s.endsAt, { zone });
    return `${start.toFormat('yyyy-MM-dd HH:mm')}–${end.toFormat('HH:mm')} ${(s.endsAt.getTime() - s.startsAt.getTime()) / 60000}`;
  });

describe('slotsFor', () => {
  it('keeps wall-clock times across the spring DST week (2027-03-14) with the right UTC instants', () => {
    const slots = slotsFor(
      [rule({ weekdays: [5, 1], endTime: '10:00' })],
      '2027-03-12',
      '2027-03-15',
      isBusinessDay,
      zone,
    );
    expect(local(slots)).toEqual(['2027-03-12 09:00–10:00 60', '2027-03-15 09:00–10:00 60']);
    // EST (-5) before the change, EDT (-4) after.
    expect(slots.map((s) => s.startsAt.toISOString())).toEqual([
      '2027-03-12T14:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
    ]);
  });

  it('keeps wall-clock times across the autumn DST week (2026-11-01)', () => {
    const slots = slotsFor(
      [rule({ weekdays: [5, 1], endTime: '10:00' })],
      '2026-10-30',
      '2026-11-02',
      isBusinessDay,
      zone,
    );
    expect(slots.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-10-30T13:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
    ]);
  });

  it('on the change days themselves skips the missing hour and keeps the wall-clock end', () => {
    const night = rule({ weekdays: [7], startTime: '01:00', endTime: '04:00', slotMinutes: 60 });
    const always = () => true;
    // Spring: 02:00 does not exist; 01:00–02:00 wall clock ends at 03:00 EDT, one real hour.
    expect(local(slotsFor([night], '2027-03-14', '2027-03-14', always, zone))).toEqual([
      '2027-03-14 01:00–03:00 60',
      '2027-03-14 03:00–04:00 60',
    ]);
    // Autumn: 01:00 happens twice; one slot is made, in the second (standard time) 01:00.
    const autumn = slotsFor([night], '2026-11-01', '2026-11-01', always, zone);
    expect(autumn[0]?.startsAt.toISOString()).toBe('2026-11-01T06:00:00.000Z');
    expect(local(autumn)).toEqual([
      '2026-11-01 01:00–02:00 60',
      '2026-11-01 02:00–03:00 60',
      '2026-11-01 03:00–04:00 60',
    ]);
  });

  it('skips Thanksgiving, a closure day after it, and the weekend in a holiday week', () => {
    const slots = slotsFor(
      [rule({ weekdays: [1, 2, 3, 4, 5, 6, 7], endTime: '10:00' })],
      '2026-11-23',
      '2026-11-29',
      isBusinessDay,
      zone,
    );
    expect(local(slots).map((s) => s.slice(0, 10))).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
  });

  it('drops the remainder of a window that does not divide, and respects effective dates', () => {
    const slots = slotsFor(
      [rule({ endTime: '10:45', slotMinutes: 30, effectiveFrom: '2026-11-10', effectiveTo: '2026-11-10' })],
      '2026-11-09',
      '2026-11-11',
      isBusinessDay,
      zone,
    );
    expect(local(slots)).toEqual([
      '2026-11-10 09:00–09:30 30',
      '2026-11-10 09:30–10:00 30',
      '2026-11-10 10:00–10:30 30',
    ]);
    expect(slots.every((s) => s.capacity === 2 && s.preferenceId === 1)).toBe(true);
  });
});

describe('validatePreference', () => {
  const input = (overrides: Partial<PreferenceInput> = {}): PreferenceInput => {
    const { id: _id, ...rest } = rule(overrides);
    return rest;
  };

  it('accepts a clean rule and reports the dropped remainder', () => {
    const check = validatePreference(input({ endTime: '10:45', slotMinutes: 30 }), []);
    expect(check).toMatchObject({ ok: true, layout: { slotsPerDay: 3, remainderMinutes: 15 } });
  });

  it('names each bad field', () => {
    const check = validatePreference(
      input({
        weekdays: [],
        endTime: '08:00',
        capacity: 0,
        effectiveTo: '2025-01-01',
        slotMinutes: Number.NaN,
      }),
      [],
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual([
      'capacity',
      'effectiveTo',
      'endTime',
      'slotMinutes',
      'weekdays',
    ]);
    expect(check.errors.endTime).toBe('The end must be after the start.');
  });

  it('refuses a rule overlapping another on weekday, time and dates, and allows touching ones', () => {
    const other = rule({ id: 7, weekdays: [3], startTime: '09:00', endTime: '12:00' });
    expect(
      validatePreference(input({ weekdays: [3, 4], startTime: '11:00', endTime: '13:00' }), [other]).ok,
    ).toBe(false);
    // Touching windows, another weekday, or dates that do not meet are fine.
    expect(
      validatePreference(input({ weekdays: [3], startTime: '12:00', endTime: '13:00' }), [other]).ok,
    ).toBe(true);
    expect(validatePreference(input({ weekdays: [4] }), [other]).ok).toBe(true);
    const ended = rule({ id: 8, weekdays: [3], effectiveTo: '2026-06-30' });
    expect(validatePreference(input({ weekdays: [3], effectiveFrom: '2026-07-01' }), [ended]).ok).toBe(true);
  });
});
