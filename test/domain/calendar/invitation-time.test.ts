import { describe, expect, it } from 'vitest';
import { createBusinessCalendar, defaultCalendarSettings } from '../../../src/domain/calendar/index.js';

const calendar = createBusinessCalendar(defaultCalendarSettings);
const invitationFor = (createdAt: string) => calendar.invitationTime(new Date(createdAt)).toISOString();

describe('invitationTime (SPEC §2.2, America/Detroit, US-MI)', () => {
  it.each([
    ['Mon 17:59 → Tue 10:05', '2026-11-16T17:59:00-05:00', '2026-11-17T15:05:00.000Z'],
    ['Mon 18:01 → Wed 10:05', '2026-11-16T18:01:00-05:00', '2026-11-18T15:05:00.000Z'],
    ['Sat → Tue 10:05', '2026-11-14T12:00:00-05:00', '2026-11-17T15:05:00.000Z'],
    ['Sun → Tue 10:05', '2026-11-15T23:59:00-05:00', '2026-11-17T15:05:00.000Z'],
  ])('follows the spec example %s', (_name, createdAt, expected) => {
    expect(invitationFor(createdAt)).toBe(expected);
  });

  it('counts exactly 18:00 as after hours', () => {
    expect(invitationFor('2026-11-16T18:00:00-05:00')).toBe('2026-11-18T15:05:00.000Z');
  });

  it('counts 17:59:59 as still inside the day', () => {
    expect(invitationFor('2026-11-16T17:59:59.999-05:00')).toBe('2026-11-17T15:05:00.000Z');
  });

  it('counts 04:30 on a business day as that day', () => {
    expect(invitationFor('2026-11-17T04:30:00-05:00')).toBe('2026-11-18T15:05:00.000Z');
  });

  it('judges the day by Detroit wall clock, not UTC (Mon 19:30 EST is already Tue in UTC)', () => {
    expect(invitationFor('2026-11-17T00:30:00Z')).toBe('2026-11-18T15:05:00.000Z');
  });

  it('skips Veterans Day, which date-holidays lists as public for US-MI', () => {
    expect(invitationFor('2026-11-09T18:01:00-05:00')).toBe('2026-11-12T15:05:00.000Z');
  });

  describe('around holidays', () => {
    it('sends Friday-before-Memorial-Day tickets on Tuesday', () => {
      expect(invitationFor('2026-05-22T12:00:00-04:00')).toBe('2026-05-26T14:05:00.000Z');
    });

    it('sends Friday evening tickets before Memorial Day on Wednesday', () => {
      expect(invitationFor('2026-05-22T18:30:00-04:00')).toBe('2026-05-27T14:05:00.000Z');
    });

    it('skips Independence Day observed on Fri 2026-07-03', () => {
      expect(invitationFor('2026-07-02T12:00:00-04:00')).toBe('2026-07-06T14:05:00.000Z');
    });

    it('sends Friday-before-Labor-Day tickets on Tuesday', () => {
      expect(invitationFor('2026-09-04T09:00:00-04:00')).toBe('2026-09-08T14:05:00.000Z');
    });

    it('sends the day before Thanksgiving on Friday (the day after is only an observance in MI)', () => {
      expect(invitationFor('2026-11-25T12:00:00-05:00')).toBe('2026-11-27T15:05:00.000Z');
    });

    it('treats a ticket created on Thanksgiving as created on Friday', () => {
      expect(invitationFor('2026-11-26T12:00:00-05:00')).toBe('2026-11-30T15:05:00.000Z');
    });

    it('skips Christmas Eve and Christmas Day', () => {
      expect(invitationFor('2026-12-23T12:00:00-05:00')).toBe('2026-12-28T15:05:00.000Z');
    });

    it("skips New Year's Eve and New Year's Day", () => {
      expect(invitationFor('2026-12-30T12:00:00-05:00')).toBe('2027-01-04T15:05:00.000Z');
    });
  });

  describe('across the 2026 DST changes', () => {
    it('keeps 10:05 local after spring forward (14:05Z instead of 15:05Z)', () => {
      expect(invitationFor('2026-03-06T12:00:00-05:00')).toBe('2026-03-09T14:05:00.000Z');
      expect(invitationFor('2026-03-08T02:30:00-04:00')).toBe('2026-03-10T14:05:00.000Z');
    });

    it('keeps 10:05 local after fall back (15:05Z instead of 14:05Z)', () => {
      expect(invitationFor('2026-10-30T12:00:00-04:00')).toBe('2026-11-02T15:05:00.000Z');
      expect(invitationFor('2026-11-01T01:30:00-05:00')).toBe('2026-11-03T15:05:00.000Z');
    });
  });

  describe('with a winter break', () => {
    const withBreak = createBusinessCalendar({
      ...defaultCalendarSettings,
      closureDays: [{ from: '2026-12-24', to: '2027-01-01' }],
    });

    it('waits until the first business day after the break', () => {
      expect(withBreak.invitationTime(new Date('2026-12-23T12:00:00-05:00')).toISOString()).toBe(
        '2027-01-04T15:05:00.000Z',
      );
    });

    it('treats a ticket created during the break as created on the first day back', () => {
      expect(withBreak.invitationTime(new Date('2026-12-29T09:00:00-05:00')).toISOString()).toBe(
        '2027-01-05T15:05:00.000Z',
      );
    });
  });
});
