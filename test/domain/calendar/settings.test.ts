import { describe, expect, it } from 'vitest';
import {
  type CalendarSettings,
  createBusinessCalendar,
  defaultCalendarSettings,
} from '../../../src/domain/calendar/index.js';

const withSettings = (changes: Partial<CalendarSettings>) => () =>
  createBusinessCalendar({ ...defaultCalendarSettings, ...changes });

describe('createBusinessCalendar settings', () => {
  it('defaults to America/Detroit, US-MI and 05:00–18:00', () => {
    expect(defaultCalendarSettings).toEqual({
      timeZone: 'America/Detroit',
      holidays: { country: 'US', state: 'MI' },
      closureDays: [],
      businessHours: { start: '05:00', end: '18:00' },
    });
    expect(createBusinessCalendar(defaultCalendarSettings).timeZone).toBe('America/Detroit');
  });

  it('rejects an unknown time zone', () => {
    expect(withSettings({ timeZone: 'Mars/Olympus_Mons' })).toThrow(/Unknown time zone 'Mars\/Olympus_Mons'/);
    expect(withSettings({ timeZone: 'EST5EDT-ish' })).toThrow(/Unknown time zone/);
  });

  it('rejects a closure range that ends before it starts', () => {
    expect(withSettings({ closureDays: [{ from: '2027-01-01', to: '2026-12-24' }] })).toThrow(/after 'to'/);
  });

  it('rejects closure dates that do not exist or are badly written', () => {
    expect(withSettings({ closureDays: [{ from: '2026-02-30', to: '2026-03-02' }] })).toThrow(/'2026-02-30'/);
    expect(withSettings({ closureDays: [{ from: '2026-12-24', to: '2027-1-1' }] })).toThrow(/'2027-1-1'/);
  });

  it('rejects an unknown holiday country or state', () => {
    expect(withSettings({ holidays: { country: 'XX' } })).toThrow(/Unknown holiday country 'XX'/);
    expect(withSettings({ holidays: { country: 'US', state: 'ZZ' } })).toThrow(/Unknown holiday state 'ZZ'/);
  });

  it('rejects business hours that are malformed or empty', () => {
    expect(withSettings({ businessHours: { start: '5:00', end: '18:00' } })).toThrow(/Business hours/);
    expect(withSettings({ businessHours: { start: '18:00', end: '05:00' } })).toThrow(/before end/);
    expect(withSettings({ businessHours: { start: '09:00', end: '09:00' } })).toThrow(/before end/);
  });

  it('accepts a country without a state', () => {
    const calendar = createBusinessCalendar({ ...defaultCalendarSettings, holidays: { country: 'US' } });
    expect(calendar.isBusinessDay('2026-11-26')).toBe(false);
  });
});
