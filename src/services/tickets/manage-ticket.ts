import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import type { RefreshEvent } from '../../domain/refresh/index.js';
import { SlackUserId } from '../../domain/slack-ids.js';
import { enqueueItsmRequest } from '../../effects/outbox.js';
import { isManager } from '../access.js';
import type { ServiceContext } from '../context.js';
import { formatDay1 } from '../delivery/open-delivery-itsm-ticket.js';
import { invalid, notAllowed } from '../errors.js';
import { bookedSlotOf, releaseSeat } from '../scheduling/seats.js';
import { applyTransition } from './apply-transition.js';
import { findTicket } from './find-ticket.js';
import { loadTicket, type TicketRow } from './load-ticket.js';
import { enqueueTicketEffects } from './run-effects.js';
import { describeTicketState, requireSeenStatus } from './ticket-state.js';

export const ManageTicketInput = z.object({
  actor: SlackUserId,
  /** A ticket id, or what staff typed: `12`, `#12` or a serial. */
  ticket: z.union([z.number().int().positive(), z.string().min(1).max(100)]),
  seenStatus: z.string().optional(),
});
export type ManageTicketInput = z.infer<typeof ManageTicketInput>;

const verbs = {
  hold: 'put tickets on hold',
  resume: 'resume held tickets',
  cancel: 'cancel tickets',
} as const;

/**
 * Hold, resume and cancel (SPEC §1: refresh managers, and admins who may do what managers may):
 * one guarded transition with its audit, refused with the ticket's state when it does not apply.
 */
export function manageTicket(ctx: ServiceContext, event: ManageEvent, input: ManageTicketInput): TicketRow {
  const parsed = ManageTicketInput.safeParse(input);
  if (!parsed.success) throw invalid('Say which ticket: its number (e.g. `#12`) or a serial number.');
  const { actor, ticket: ref, seenStatus } = parsed.data;
  const now = ctx.clock.now();
  const saved = ctx.db.transaction((tx) => {
    const ticket = typeof ref === 'number' ? loadTicket(tx, ref) : findTicket(tx, ref);
    if (!isManager({ db: ctx.db }, actor)) {
      throw notAllowed(
        `Only refresh managers can ${verbs[event.type]}; nothing was changed (refresh #${ticket.id}: ${describeTicketState(ticket)}).`,
      );
    }
    requireSeenStatus(ticket, seenStatus);
    const { ticket: next, effects } = applyTransition(tx, ticket, bookingAware(tx, ticket, event, now), {
      actor,
      now,
      set: releasedBooking(tx, ctx, ticket, event, now),
    });
    enqueueTicketEffects(tx, ctx, next, effects, now);
    return next;
  });
  ctx.noticesWritten();
  return saved;
}

type ManageEvent = Extract<RefreshEvent, { type: 'hold' | 'resume' | 'cancel' }>;

/** The booked slot a held ticket would return to, unless it has started or been deleted meanwhile. */
function heldBooking(tx: Tx, ticket: TicketRow, now: Date) {
  const slot = bookedSlotOf(tx, ticket);
  return { slot, lapsed: !slot || slot.deletedAt !== null || slot.startsAt <= now };
}

/** A resume tells the state machine when the booked time went by during the hold. */
function bookingAware(tx: Tx, ticket: TicketRow, event: ManageEvent, now: Date): RefreshEvent {
  if (event.type !== 'resume' || ticket.statusBeforeHold !== 'delivery_scheduled') return event;
  return { type: 'resume', bookingLapsed: heldBooking(tx, ticket, now).lapsed };
}

/**
 * A hold keeps the booking (the seat stays taken). A resume whose booked time went by, and a
 * cancel, give the seat back and clear the ticket's slot; the ITSM ticket is told day1 is off.
 */
function releasedBooking(
  tx: Tx,
  ctx: ServiceContext,
  ticket: TicketRow,
  event: ManageEvent,
  now: Date,
): { scheduleSlotId: null } | undefined {
  if (ticket.scheduleSlotId === null || event.type === 'hold') return undefined;
  const { slot, lapsed } = heldBooking(tx, ticket, now);
  const resumingLapsed =
    event.type === 'resume' && ticket.statusBeforeHold === 'delivery_scheduled' && lapsed;
  if (!resumingLapsed && event.type !== 'cancel') return undefined;
  // A past appointment of a canceled ticket stays in the calendar's history.
  if (event.type === 'cancel' && (!slot || slot.startsAt <= now)) return undefined;
  if (slot && slot.startsAt > now) releaseSeat(tx, slot.id);
  if (resumingLapsed) {
    enqueueItsmRequest(
      tx,
      {
        operation: 'update_ticket',
        note: `Day1${slot ? ` of ${formatDay1(slot.startsAt, ctx.calendar.timeZone)}` : ''} went by while the ticket was on hold; a new time is being booked.`,
      },
      { ticketId: ticket.id, dedupeKey: `itsm-resume:${ticket.id}:${now.getTime()}` },
      now,
    );
  }
  return { scheduleSlotId: null };
}
