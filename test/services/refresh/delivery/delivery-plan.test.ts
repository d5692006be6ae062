import { describe, expect, it } from 'vitest';
import { createBusinessCalendar, defaultCalendarSettings } from '../../../../src/domain/calendar/index.js';
import type { RefreshStyle } from '../../../../src/domain/refresh/enums.js';
import { transition } from '../../../../src/domain/refresh/index.js';
import { genericSlotStart } from '../../../../src/services/refresh/delivery/book-generic-slot.js';
import { deliveryTasks } from '../../../../src/services/refresh/delivery/delivery-plan.js';

const calendar = createBusinessCalendar(defaultCalendarSettings);
const now = new Date('2026-11-17T15:00:00Z');

describe('what a found replacement and a closed ITSM ticket do', () => {
  it.each<[RefreshStyle, string, string[]]>([
    ['remote_customer', 'pending_delivery', ['open_delivery_itsm_ticket']],
    ['no_customer', 'delivery_scheduled', ['book_generic_slot', 'open_delivery_itsm_ticket']],
    ['on_prem', 'pending_schedule_slot_discovery', []],
    ['unit_specified_location', 'pending_schedule_slot_discovery', []],
  ])('%s → %s with %j', (style, next, effects) => {
    const result = transition(
      { status: 'pending_itsm_existence', style, statusBeforeHold: null },
      { type: 'itsm_found' },
      now,
    );
    expect(result.next.status).toBe(next);
    expect(result.effects.map((e) => e.type)).toEqual(effects);
  });

  it('completes with the completion notice', () => {
    for (const status of ['pending_delivery', 'delivery_scheduled'] as const) {
      expect(
        transition({ status, style: 'on_prem', statusBeforeHold: null }, { type: 'itsm_closed' }, now),
      ).toEqual({
        next: { status: 'complete', statusBeforeHold: null },
        effects: [{ type: 'notify_completed' }],
      });
    }
  });
});

describe('the tasks of a delivery’s ITSM ticket', () => {
  it('prestage only for Windows; remote gets NIT setup; the others build and deliver from day1', () => {
    expect(deliveryTasks({ style: 'remote_customer', platform: 'mac', calendar }).map((t) => t.kind)).toEqual(
      ['nit_delivery'],
    );
    // Monday 10:00; the Friday before is the business day ahead of it.
    const day1 = new Date('2026-11-23T15:00:00Z');
    expect(deliveryTasks({ style: 'on_prem', platform: 'windows', calendar, day1 })).toMatchObject([
      { kind: 'prestage' },
      { kind: 'depot_build', dueAt: '2026-11-20T15:00:00.000Z' },
      { kind: 'nit_delivery', dueAt: '2026-11-23T15:00:00.000Z' },
    ]);
    // Day1 the Friday after Thanksgiving: the build is due Wednesday, the day before the holiday.
    expect(
      deliveryTasks({
        style: 'on_prem',
        platform: 'mac',
        calendar,
        day1: new Date('2026-11-27T15:00:00Z'),
      })[0],
    ).toMatchObject({ kind: 'depot_build', dueAt: '2026-11-25T15:00:00.000Z' });
  });

  it('puts the generic slot at 00:00 of the next business day, past weekends and holidays', () => {
    // Friday 2026-11-20 → Monday 00:00 EST; the Wednesday before Thanksgiving → Friday.
    expect(genericSlotStart(calendar, new Date('2026-11-20T20:00:00Z'))).toEqual(
      new Date('2026-11-23T05:00:00Z'),
    );
    expect(genericSlotStart(calendar, new Date('2026-11-25T20:00:00Z'))).toEqual(
      new Date('2026-11-27T05:00:00Z'),
    );
  });
});
