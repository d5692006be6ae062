import { describe, expect, it } from 'vitest';
import {
  type RefreshStatus,
  type RefreshStyle,
  refreshStatuses,
  refreshStyles,
} from '../../../src/domain/refresh/enums.js';
import {
  allowedEvents,
  allows,
  customerPickEvent,
  InvalidTransition,
  initialStatus,
  type RefreshEvent,
  type RefreshEventType,
  refreshEventTypes,
  refusalOf,
  transition,
} from '../../../src/domain/refresh/index.js';
import { statusPhrase } from '../../../src/domain/refresh/status-wording.js';

const now = new Date('2026-11-16T15:00:00Z');

/** One event of each type; the variants with a choice (approval, empty reason) are tested below. */
const sample: Record<RefreshEventType, RefreshEvent> = {
  wizard_submitted: { type: 'wizard_submitted', needsApproval: true },
  approve: { type: 'approve' },
  deny: { type: 'deny', reason: 'Please choose the proposed model.' },
  wizard_expired: { type: 'wizard_expired' },
  location_provided: { type: 'location_provided' },
  replacement_assigned: { type: 'replacement_assigned' },
  itsm_found: { type: 'itsm_found' },
  slots_available: { type: 'slots_available' },
  slot_booked: { type: 'slot_booked' },
  reschedule_requested: { type: 'reschedule_requested' },
  slot_assigned: { type: 'slot_assigned' },
  itsm_closed: { type: 'itsm_closed' },
  hold: { type: 'hold' },
  resume: { type: 'resume' },
  cancel: { type: 'cancel' },
};

/** Where an ordering decision (approval, a wizard needing none, the location form) leads (SPEC §2.1). */
const ordered: Record<RefreshStyle, RefreshStatus> = {
  remote_customer: 'pending_ordering',
  on_prem: 'pending_ordering',
  unit_specified_location: 'pending_ordering',
  no_customer: 'pending_ordering',
  // The replacement is known at creation.
  bump_down: 'pending_itsm_existence',
};

/** Where a replacement found in the ITSM leads. */
const delivery: Record<RefreshStyle, RefreshStatus> = {
  remote_customer: 'pending_delivery',
  on_prem: 'pending_schedule_slot_discovery',
  unit_specified_location: 'pending_schedule_slot_discovery',
  no_customer: 'delivery_scheduled',
  bump_down: 'pending_schedule_slot_discovery',
};

/** The status an on-hold ticket in the table held before; resume returns to it. */
const heldFrom: RefreshStatus = 'requires_approval';

/** Events that need a customer: refused for no-customer tickets even in the right status. */
const customerEvents: RefreshEventType[] = [
  'wizard_submitted',
  'deny',
  'wizard_expired',
  'slots_available',
  'slot_booked',
  'reschedule_requested',
];

/** Every allowed move, written out from SPEC §2.1; every pair missing here must be refused. */
function allowed(
  style: RefreshStyle,
): Partial<Record<RefreshStatus, Partial<Record<RefreshEventType, RefreshStatus>>>> {
  const open = { hold: 'on_hold', cancel: 'canceled' } as const;
  const table: Partial<Record<RefreshStatus, Partial<Record<RefreshEventType, RefreshStatus>>>> = {
    pending_customer: {
      wizard_submitted: 'requires_approval',
      wizard_expired: 'pending_location_info',
      ...open,
    },
    requires_approval: { approve: ordered[style], deny: 'pending_customer', ...open },
    pending_location_info: { location_provided: ordered[style], ...open },
    pending_ordering: { replacement_assigned: 'pending_itsm_existence', ...open },
    pending_itsm_existence: { itsm_found: delivery[style], ...open },
    pending_schedule_slot_discovery: { slots_available: 'pending_customer_scheduling', ...open },
    pending_customer_scheduling: {
      slot_booked: 'delivery_scheduled',
      slot_assigned: 'delivery_scheduled',
      ...open,
    },
    pending_delivery: { itsm_closed: 'complete', ...open },
    delivery_scheduled: {
      itsm_closed: 'complete',
      reschedule_requested: 'pending_customer_scheduling',
      slot_assigned: 'delivery_scheduled',
      ...open,
    },
    on_hold: { resume: heldFrom, cancel: 'canceled' },
    complete: {},
    canceled: {},
  };
  if (style === 'no_customer') {
    for (const moves of Object.values(table)) for (const event of customerEvents) delete moves[event];
  }
  return table;
}

const statusBeforeHold = (status: RefreshStatus) => (status === 'on_hold' ? heldFrom : null);
// The reason reads as English: "This ticket is waiting for approval", never "is requires approval".
const label = (status: RefreshStatus) => statusPhrase(status);

describe('transition: every status × event, for every style', () => {
  for (const style of refreshStyles) {
    const table = allowed(style);
    const cases = refreshStatuses.flatMap((status) =>
      refreshEventTypes.map((event) => ({ status, event, to: table[status]?.[event] })),
    );

    it.each(cases.filter((c) => c.to !== undefined))(
      `${style}: $status --$event--> $to`,
      ({ status, event, to }) => {
        const result = transition(
          { status, style, statusBeforeHold: statusBeforeHold(status) },
          sample[event],
          now,
        );
        expect(result.next.status).toBe(to);
        // Only a hold remembers where it came from; every other move forgets.
        expect(result.next.statusBeforeHold).toBe(event === 'hold' ? status : null);
      },
    );

    it.each(cases.filter((c) => c.to === undefined))(
      `${style}: $status refuses $event`,
      ({ status, event }) => {
        const attempt = () =>
          transition({ status, style, statusBeforeHold: statusBeforeHold(status) }, sample[event], now);
        expect(attempt).toThrow(InvalidTransition);
        try {
          attempt();
        } catch (error) {
          const refused = error as InvalidTransition;
          expect(refused.from).toBe(status);
          expect(refused.event).toBe(event);
          // The reason names the state the ticket is in, so the person knows where it stands.
          expect(refused.message).toContain(label(status));
          expect(refusalOf({ status, style, statusBeforeHold: statusBeforeHold(status) }, event)).toBe(
            refused.message,
          );
        }
      },
    );
  }

  it('covers the whole table: 5 styles × 12 statuses × 15 events', () => {
    expect(refreshStyles.length * refreshStatuses.length * refreshEventTypes.length).toBe(900);
  });
});

describe('allowedEvents: what each status allows, for every style', () => {
  for (const style of refreshStyles) {
    const table = allowed(style);
    it.each(refreshStatuses)(`${style}: %s`, (status) => {
      const ticket = { status, style, statusBeforeHold: statusBeforeHold(status) };
      const expected = refreshEventTypes.filter((event) => table[status]?.[event] !== undefined);
      expect(allowedEvents(ticket)).toEqual(expected);
      for (const event of refreshEventTypes) {
        expect(allows(ticket, event)).toBe(expected.includes(event));
        expect(refusalOf(ticket, event) === undefined).toBe(expected.includes(event));
      }
    });
  }

  it('allows only a cancel when a hold does not remember an open status to go back to', () => {
    for (const statusBeforeHold of [null, 'on_hold', 'complete', 'canceled'] as const) {
      expect(allowedEvents({ status: 'on_hold', style: 'on_prem', statusBeforeHold })).toEqual(['cancel']);
    }
  });

  it('allows a denial whatever its reason: the reason is the event’s input, not the state', () => {
    const ticket = { status: 'requires_approval', style: 'on_prem', statusBeforeHold: null } as const;
    expect(allows(ticket, 'deny')).toBe(true);
    expect(() => transition(ticket, { type: 'deny', reason: ' ' }, now)).toThrow(InvalidTransition);
  });
});

describe('customerPickEvent: what a customer’s pick of a time is', () => {
  it('is the first booking while the ticket waits for one, and a move once booked; nothing else', () => {
    for (const style of refreshStyles) {
      for (const status of refreshStatuses) {
        const pick = customerPickEvent({ status, style, statusBeforeHold: statusBeforeHold(status) });
        const expected =
          style === 'no_customer'
            ? undefined
            : status === 'pending_customer_scheduling'
              ? 'slot_booked'
              : status === 'delivery_scheduled'
                ? 'slot_assigned'
                : undefined;
        expect([style, status, pick]).toEqual([style, status, expected]);
      }
    }
  });
});

describe('transition: the choices inside an event', () => {
  it('sends a finished wizard straight to ordering when nothing needs approval', () => {
    for (const style of ['remote_customer', 'on_prem', 'unit_specified_location'] as const) {
      const result = transition(
        { status: 'pending_customer', style, statusBeforeHold: null },
        { type: 'wizard_submitted', needsApproval: false },
        now,
      );
      expect(result).toEqual({
        next: { status: 'pending_ordering', statusBeforeHold: null },
        effects: [{ type: 'notify_customer', notice: 'submitted' }],
      });
    }
  });

  it('sends a bump-down wizard that needs no approval to the ITSM lookup of its known replacement', () => {
    const result = transition(
      { status: 'pending_customer', style: 'bump_down', statusBeforeHold: null },
      { type: 'wizard_submitted', needsApproval: false },
      now,
    );
    expect(result.next.status).toBe('pending_itsm_existence');
    expect(result.effects).toEqual([
      { type: 'notify_customer', notice: 'submitted' },
      { type: 'lookup_replacement' },
    ]);
  });

  it('asks the approvers and tells the customer when the wizard needs approval', () => {
    const result = transition(
      { status: 'pending_customer', style: 'remote_customer', statusBeforeHold: null },
      { type: 'wizard_submitted', needsApproval: true },
      now,
    );
    expect(result.effects).toEqual([
      { type: 'notify_approvers' },
      { type: 'notify_customer', notice: 'submitted' },
    ]);
  });

  it('tells the customer of an approval, and of a denial with its reason left to the caller to store', () => {
    const ticket = { status: 'requires_approval', style: 'on_prem', statusBeforeHold: null } as const;
    expect(transition(ticket, { type: 'approve' }, now).effects).toEqual([
      { type: 'notify_customer', notice: 'approved' },
    ]);
    expect(transition(ticket, { type: 'deny', reason: 'Too expensive' }, now).effects).toEqual([
      { type: 'notify_customer', notice: 'denied' },
    ]);
  });

  it('asks for the existence lookup on every move of the table into pending_itsm_existence, and only then', () => {
    for (const style of refreshStyles) {
      for (const status of refreshStatuses) {
        const ticket = { status, style, statusBeforeHold: statusBeforeHold(status) };
        for (const event of allowedEvents(ticket)) {
          const { next, effects } = transition(ticket, sample[event], now);
          const lookups = effects.filter((effect) => effect.type === 'lookup_replacement');
          const waits = next.status === 'pending_itsm_existence' && status !== 'pending_itsm_existence';
          expect([style, status, event, lookups.length]).toEqual([style, status, event, waits ? 1 : 0]);
        }
      }
    }
  });

  it('refuses a denial without a reason the customer can act on', () => {
    const ticket = { status: 'requires_approval', style: 'on_prem', statusBeforeHold: null } as const;
    expect(() => transition(ticket, { type: 'deny', reason: '   ' }, now)).toThrow(
      'A denial needs a reason the customer can act on.',
    );
  });

  it('puts any open status on hold and resumes exactly where it was', () => {
    const open = refreshStatuses.filter((s) => !['on_hold', 'complete', 'canceled'].includes(s));
    for (const status of open) {
      const held = transition({ status, style: 'on_prem', statusBeforeHold: null }, { type: 'hold' }, now);
      expect(held).toEqual({ next: { status: 'on_hold', statusBeforeHold: status }, effects: [] });
      const resumed = transition({ style: 'on_prem', ...held.next }, { type: 'resume' }, now);
      expect(resumed.next).toEqual({ status, statusBeforeHold: null });
    }
  });

  it('books again when the booked time went by during the hold, by style', () => {
    for (const style of refreshStyles) {
      const held = { status: 'on_hold' as const, style, statusBeforeHold: 'delivery_scheduled' as const };
      const lapsed = transition(held, { type: 'resume', bookingLapsed: true }, now);
      expect(lapsed).toEqual(
        style === 'no_customer'
          ? {
              next: { status: 'delivery_scheduled', statusBeforeHold: null },
              effects: [{ type: 'book_generic_slot' }],
            }
          : {
              next: { status: 'pending_customer_scheduling', statusBeforeHold: null },
              effects: [{ type: 'invite_to_schedule' }],
            },
      );
      // A booking still ahead is kept; the flag means nothing for other statuses.
      expect(transition(held, { type: 'resume', bookingLapsed: false }, now)).toEqual({
        next: { status: 'delivery_scheduled', statusBeforeHold: null },
        effects: [],
      });
      expect(
        transition(
          { status: 'on_hold', style, statusBeforeHold: 'pending_ordering' },
          { type: 'resume', bookingLapsed: true },
          now,
        ).next.status,
      ).toBe('pending_ordering');
    }
  });

  it('refuses to resume a hold that does not remember where it came from', () => {
    for (const statusBeforeHold of [null, 'on_hold', 'complete'] as const) {
      expect(() =>
        transition({ status: 'on_hold', style: 'on_prem', statusBeforeHold }, { type: 'resume' }, now),
      ).toThrow(/on hold but does not remember/);
    }
  });

  it('cancels a held ticket and forgets the hold', () => {
    expect(
      transition(
        { status: 'on_hold', style: 'on_prem', statusBeforeHold: 'pending_ordering' },
        { type: 'cancel' },
        now,
      ).next,
    ).toEqual({ status: 'canceled', statusBeforeHold: null });
  });

  it('says why a closed ticket cannot be held or canceled', () => {
    const complete = { status: 'complete', style: 'on_prem', statusBeforeHold: null } as const;
    expect(() => transition(complete, { type: 'hold' }, now)).toThrow(
      'This ticket is complete; it cannot be put on hold.',
    );
    expect(() => transition(complete, { type: 'cancel' }, now)).toThrow('This ticket is already complete.');
  });

  it('starts no-customer tickets at ordering and every other style at the customer', () => {
    expect(refreshStyles.map((style) => [style, initialStatus(style)])).toEqual([
      ['remote_customer', 'pending_customer'],
      ['on_prem', 'pending_customer'],
      ['unit_specified_location', 'pending_customer'],
      ['no_customer', 'pending_ordering'],
      ['bump_down', 'pending_customer'],
    ]);
  });
});
