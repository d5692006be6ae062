import { closedRefreshStatuses, type RefreshStatus, type RefreshStyle } from './enums.js';
import { orList, statusPhrase } from './status-wording.js';

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

/** The open status a held ticket goes back to, or undefined when it remembers none. */
function heldFrom(ticket: TicketState): RefreshStatus | undefined {
  const back = ticket.statusBeforeHold;
  return back && back !== 'on_hold' && isOpenStatus(back) ? back : undefined;
}

const forgottenHold =
  'This ticket is on hold but does not remember the status it had before, so it cannot resume.';

/**
 * Why a ticket in its state cannot take an event, or undefined when the state allows it: the
 * state rules alone (who may do it is the services' question, and an event's own input, such as
 * a denial's reason, is checked by `transition`). The reason says where the ticket stands.
 */
export function refusalOf(ticket: TicketState, event: RefreshEventType): string | undefined {
  const { status, style } = ticket;
  const only = (...from: RefreshStatus[]) =>
    from.includes(status)
      ? undefined
      : `This ticket is ${statusPhrase(status)}; that can only be done when it is ${orList(from.map(statusPhrase))}.`;
  // No-customer tickets (labs, loaners) have nobody to walk the wizard or pick a slot (SPEC §2.1).
  const withCustomer = (why: string, ...from: RefreshStatus[]) =>
    only(...from) ??
    (style === 'no_customer'
      ? `This ticket is ${statusPhrase(status)} and has no customer: ${why}`
      : undefined);

  switch (event) {
    case 'wizard_submitted':
    case 'wizard_expired':
      return withCustomer('no-customer tickets have no wizard.', 'pending_customer');
    case 'approve':
      return only('requires_approval');
    case 'deny':
      return withCustomer('there is nobody to send back to the wizard.', 'requires_approval');
    case 'location_provided':
      return only('pending_location_info');
    case 'replacement_assigned':
      return only('pending_ordering');
    case 'itsm_found':
      return only('pending_itsm_existence');
    case 'slots_available':
      return withCustomer('there is nobody to invite to pick a slot.', 'pending_schedule_slot_discovery');
    case 'slot_booked':
      return withCustomer('there is nobody to book a slot.', 'pending_customer_scheduling');
    case 'reschedule_requested':
      return withCustomer('there is nobody to pick a new slot; assign one instead.', 'delivery_scheduled');
    case 'slot_assigned':
      return only('pending_customer_scheduling', 'delivery_scheduled');
    case 'itsm_closed':
      return only('pending_delivery', 'delivery_scheduled');
    case 'hold':
      if (status === 'on_hold') return 'This ticket is already on hold.';
      return isOpenStatus(status)
        ? undefined
        : `This ticket is ${statusPhrase(status)}; it cannot be put on hold.`;
    case 'resume':
      return only('on_hold') ?? (heldFrom(ticket) === undefined ? forgottenHold : undefined);
    case 'cancel':
      return isOpenStatus(status) ? undefined : `This ticket is already ${statusPhrase(status)}.`;
  }
}

/** The events a ticket's state allows, in `refreshEventTypes` order: what the card and the verbs ask. */
export function allowedEvents(ticket: TicketState): RefreshEventType[] {
  return refreshEventTypes.filter((event) => refusalOf(ticket, event) === undefined);
}

export const allows = (ticket: TicketState, event: RefreshEventType): boolean =>
  refusalOf(ticket, event) === undefined;

/**
 * What a customer's pick of a delivery time is in the ticket's state: the first booking; a move
 * of the booked time, which is the customer's own reschedule (SPEC §1), so allowed where one may
 * be requested; else undefined: there is nothing to pick now.
 */
export function customerPickEvent(ticket: TicketState): 'slot_booked' | 'slot_assigned' | undefined {
  if (allows(ticket, 'slot_booked')) return 'slot_booked';
  return allows(ticket, 'reschedule_requested') ? 'slot_assigned' : undefined;
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
  const refused = refusalOf(ticket, event.type);
  if (refused !== undefined) refuse(refused);
  const to = (next: RefreshStatus, effects: RefreshEffect[] = []): Transition => ({
    next: { status: next, statusBeforeHold: null },
    effects,
  });

  switch (event.type) {
    case 'wizard_submitted':
      return event.needsApproval
        ? to('requires_approval', [
            { type: 'notify_approvers' },
            { type: 'notify_customer', notice: 'submitted' },
          ])
        : advanceAfterOrderingDecision(style, [{ type: 'notify_customer', notice: 'submitted' }]);
    case 'approve':
      return advanceAfterOrderingDecision(style, [{ type: 'notify_customer', notice: 'approved' }]);
    case 'deny':
      if (!event.reason.trim()) refuse('A denial needs a reason the customer can act on.');
      return to('pending_customer', [{ type: 'notify_customer', notice: 'denied' }]);
    case 'wizard_expired':
      return to('pending_location_info');
    case 'location_provided':
      return advanceAfterOrderingDecision(style, []);
    case 'replacement_assigned':
      return to('pending_itsm_existence', [{ type: 'lookup_replacement' }]);
    case 'itsm_found': {
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
      return to('pending_customer_scheduling', [{ type: 'invite_to_schedule' }]);
    case 'slot_booked':
      return to('delivery_scheduled');
    case 'reschedule_requested':
      return to('pending_customer_scheduling', [{ type: 'invite_to_schedule' }]);
    case 'slot_assigned':
      return to('delivery_scheduled');
    case 'itsm_closed':
      return to('complete', [{ type: 'notify_completed' }]);
    case 'hold':
      return { next: { status: 'on_hold', statusBeforeHold: status }, effects: [] };
    case 'resume': {
      const back = heldFrom(ticket) ?? refuse(forgottenHold);
      // The booked time went by (or its slot was deleted) during the hold: book again instead.
      if (back === 'delivery_scheduled' && event.bookingLapsed) {
        return style === 'no_customer'
          ? to('delivery_scheduled', [{ type: 'book_generic_slot' }])
          : to('pending_customer_scheduling', [{ type: 'invite_to_schedule' }]);
      }
      return to(back);
    }
    case 'cancel':
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
