import { statusLabel } from '../naming.js';
import { closedRefreshStatuses, type RefreshStatus, type RefreshStyle } from './enums.js';

/** What can happen to a refresh ticket (SPEC §2.1). */
export type RefreshEvent =
  | { type: 'wizard_submitted'; needsApproval: boolean }
  | { type: 'approve' }
  | { type: 'deny'; reason: string }
  | { type: 'wizard_expired' }
  | { type: 'location_provided' }
  | { type: 'replacement_assigned' }
  | { type: 'itsm_found' }
  | { type: 'slots_available' }
  | { type: 'slot_booked' }
  | { type: 'reschedule_requested' }
  | { type: 'slot_assigned' }
  | { type: 'itsm_closed' }
  | { type: 'hold' }
  /**
   * `bookingLapsed`: the ticket was held while delivery_scheduled and its slot has since passed or
   * been deleted, so it cannot simply go back to it.
   */
  | { type: 'resume'; bookingLapsed?: boolean }
  | { type: 'cancel' };

export type RefreshEventType = RefreshEvent['type'];

export const refreshEventTypes = [
  'wizard_submitted',
  'approve',
  'deny',
  'wizard_expired',
  'location_provided',
  'replacement_assigned',
  'itsm_found',
  'slots_available',
  'slot_booked',
  'reschedule_requested',
  'slot_assigned',
  'itsm_closed',
  'hold',
  'resume',
  'cancel',
] as const satisfies readonly RefreshEventType[];

/** The part of a ticket the state machine reads. */
export interface TicketState {
  status: RefreshStatus;
  style: RefreshStyle;
  statusBeforeHold: RefreshStatus | null;
}

/** Side effects the caller runs after saving (as outbox rows in the same transaction). */
export type RefreshEffect =
  | { type: 'notify_approvers' }
  | { type: 'notify_customer'; notice: 'approved' | 'denied' | 'submitted' }
  | { type: 'lookup_replacement' }
  | { type: 'invite_to_schedule' }
  /** The ITSM ticket for delivery (remote and no-customer at once; on-prem once a slot is booked). */
  | { type: 'open_delivery_itsm_ticket' }
  /** No-customer tickets are booked on a generic 00:00 slot of their team (SPEC §2.1). */
  | { type: 'book_generic_slot' }
  | { type: 'notify_completed' };

export interface Transition {
  next: { status: RefreshStatus; statusBeforeHold: RefreshStatus | null };
  effects: RefreshEffect[];
}

export class InvalidTransition extends Error {
  constructor(
    readonly from: RefreshStatus,
    readonly event: RefreshEventType,
    reason: string,
  ) {
    super(reason);
    this.name = 'InvalidTransition';
  }
}

export const isOpenStatus = (status: RefreshStatus) =>
  !(closedRefreshStatuses as readonly RefreshStatus[]).includes(status);

/** Where a ticket starts: no-customer tickets skip the customer entirely. */
export function initialStatus(style: RefreshStyle): RefreshStatus {
  return style === 'no_customer' ? 'pending_ordering' : 'pending_customer';
}

/** Once ordering is settled: bump-down tickets already have their replacement (SPEC §2.1). */
const orderedStatus = (style: RefreshStyle): RefreshStatus =>
  style === 'bump_down' ? 'pending_itsm_existence' : 'pending_ordering';

/** Where a found replacement goes next, by style (SPEC §2.1). */
function deliveryStatus(style: RefreshStyle): RefreshStatus {
  switch (style) {
    case 'remote_customer':
      return 'pending_delivery';
    case 'no_customer':
      return 'delivery_scheduled';
    default:
      return 'pending_schedule_slot_discovery';
  }
}

/**
 * Decides what an event does to a ticket, without reading a clock or saving anything:
 * the caller saves `next` with a guarded update and runs `effects` after. Throws
 * InvalidTransition with a reason a person can read.
 */
export function transition(ticket: TicketState, event: RefreshEvent, _now: Date): Transition {
  const { status, style } = ticket;
  const refuse = (reason: string): never => {
    throw new InvalidTransition(status, event.type, reason);
  };
  const to = (next: RefreshStatus, effects: RefreshEffect[] = []): Transition => ({
    next: { status: next, statusBeforeHold: null },
    effects,
  });
  const expect = (...from: RefreshStatus[]) => {
    if (!from.includes(status)) {
      refuse(
        `This ticket is ${statusLabel(status)}; that can only be done when it is ${from.map(statusLabel).join(' or ')}.`,
      );
    }
  };

  // No-customer tickets (labs, loaners) have nobody to walk the wizard or pick a slot (SPEC §2.1).
  const needsCustomer = (why: string) => {
    if (style === 'no_customer') refuse(`This ticket is ${statusLabel(status)} and has no customer: ${why}`);
  };

  switch (event.type) {
    case 'wizard_submitted': {
      expect('pending_customer');
      needsCustomer('no-customer tickets have no wizard.');
      return event.needsApproval
        ? to('requires_approval', [
            { type: 'notify_approvers' },
            { type: 'notify_customer', notice: 'submitted' },
          ])
        : advanceAfterOrderingDecision(style, [{ type: 'notify_customer', notice: 'submitted' }]);
    }
    case 'approve':
      expect('requires_approval');
      return advanceAfterOrderingDecision(style, [{ type: 'notify_customer', notice: 'approved' }]);
    case 'deny':
      expect('requires_approval');
      needsCustomer('there is nobody to send back to the wizard.');
      if (!event.reason.trim()) refuse('A denial needs a reason the customer can act on.');
      return to('pending_customer', [{ type: 'notify_customer', notice: 'denied' }]);
    case 'wizard_expired':
      expect('pending_customer');
      needsCustomer('no-customer tickets have no wizard.');
      return to('pending_location_info');
    case 'location_provided':
      expect('pending_location_info');
      return advanceAfterOrderingDecision(style, []);
    case 'replacement_assigned':
      expect('pending_ordering');
      return to('pending_itsm_existence', [{ type: 'lookup_replacement' }]);
    case 'itsm_found': {
      expect('pending_itsm_existence');
      const next = deliveryStatus(style);
      // On-prem and unit-specified tickets get their ITSM ticket when a slot is booked (day1).
      if (next === 'pending_schedule_slot_discovery') return to(next);
      return to(
        next,
        style === 'no_customer'
          ? [{ type: 'book_generic_slot' }, { type: 'open_delivery_itsm_ticket' }]
          : [{ type: 'open_delivery_itsm_ticket' }],
      );
    }
    case 'slots_available':
      expect('pending_schedule_slot_discovery');
      needsCustomer('there is nobody to invite to pick a slot.');
      return to('pending_customer_scheduling', [{ type: 'invite_to_schedule' }]);
    case 'slot_booked':
      expect('pending_customer_scheduling');
      needsCustomer('there is nobody to book a slot.');
      return to('delivery_scheduled');
    case 'reschedule_requested':
      expect('delivery_scheduled');
      needsCustomer('there is nobody to pick a new slot; assign one instead.');
      return to('pending_customer_scheduling', [{ type: 'invite_to_schedule' }]);
    case 'slot_assigned':
      expect('pending_customer_scheduling', 'delivery_scheduled');
      return to('delivery_scheduled');
    case 'itsm_closed':
      expect('pending_delivery', 'delivery_scheduled');
      return to('complete', [{ type: 'notify_completed' }]);
    case 'hold':
      if (status === 'on_hold') refuse('This ticket is already on hold.');
      if (!isOpenStatus(status)) refuse(`This ticket is ${statusLabel(status)}; it cannot be put on hold.`);
      return { next: { status: 'on_hold', statusBeforeHold: status }, effects: [] };
    case 'resume': {
      expect('on_hold');
      const back = ticket.statusBeforeHold;
      if (!back || back === 'on_hold' || !isOpenStatus(back)) {
        return refuse(
          'This ticket is on hold but does not remember the status it had before, so it cannot resume.',
        );
      }
      // The booked time went by (or its slot was deleted) during the hold: book again instead.
      if (back === 'delivery_scheduled' && event.bookingLapsed) {
        return style === 'no_customer'
          ? to('delivery_scheduled', [{ type: 'book_generic_slot' }])
          : to('pending_customer_scheduling', [{ type: 'invite_to_schedule' }]);
      }
      return to(back);
    }
    case 'cancel':
      if (!isOpenStatus(status)) refuse(`This ticket is already ${statusLabel(status)}.`);
      return to('canceled');
  }
}

function advanceAfterOrderingDecision(style: RefreshStyle, effects: RefreshEffect[]): Transition {
  const status = orderedStatus(style);
  return {
    next: { status, statusBeforeHold: null },
    effects: status === 'pending_itsm_existence' ? [...effects, { type: 'lookup_replacement' }] : effects,
  };
}
