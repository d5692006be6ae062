import { describe, expect, it } from 'vitest';
import { createBusinessCalendar, defaultCalendarSettings } from '../../../src/domain/calendar/index.js';
import { firstBookableInstant } from '../../../src/domain/scheduling/index.js';

const calendar = createBusinessCalendar({
  ...defaultCalendarSettings,
  closureDays: [{ from: '2026-11-30', to: '2026-11-30', name: 'Campus closure' }],
});
const first = (now: string, lead: number, zone = 'America/Detroit') =>
  firstBookableInstant(new Date(now), lead, calendar, zone).toISOString();

describe('the first instant a customer may book', () => {
  it('is the start of the next business day by default, in the team’s zone', () => {
    // Tue 17 Nov 07:00 in Detroit → Wed 18 Nov 00:00 Detroit.
    expect(first('2026-11-17T12:00:00Z', 1)).toBe('2026-11-18T05:00:00.000Z');
    // 23:30 on Tuesday in Detroit is still Tuesday there, though Wednesday in UTC.
    expect(first('2026-11-18T04:30:00Z', 1)).toBe('2026-11-18T05:00:00.000Z');
    // A team in Los Angeles starts its Wednesday three hours later.
    expect(first('2026-11-17T12:00:00Z', 1, 'America/Los_Angeles')).toBe('2026-11-18T08:00:00.000Z');
  });

  it('skips weekends, public holidays and closure days', () => {
    // Fri 20 Nov → Mon 23 Nov.
    expect(first('2026-11-20T20:00:00Z', 1)).toBe('2026-11-23T05:00:00.000Z');
    // Wed 25 Nov, two business days: Fri 27 Nov (past Thanksgiving), then Tue 1 Dec (past the
    // weekend and the closure on Mon 30 Nov).
    expect(first('2026-11-25T15:00:00Z', 2)).toBe('2026-12-01T05:00:00.000Z');
  });

  it('is now itself with no lead time', () => {
    expect(first('2026-11-17T12:00:00Z', 0)).toBe('2026-11-17T12:00:00.000Z');
  });

  it('moves on at local midnight, not before', () => {
    expect(first('2026-11-18T04:59:59Z', 1)).toBe('2026-11-18T05:00:00.000Z');
    expect(first('2026-11-18T05:00:00Z', 1)).toBe('2026-11-19T05:00:00.000Z');
  });
});
