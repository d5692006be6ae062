import type { Tx } from '../../../../db/client.js';
import type { ServiceContext } from '../../context.js';
import { noticeTime } from '../../notices/index.js';
import type { SlotRow } from '../delivery/book-generic-slot.js';
import { endDeliveryPost } from '../delivery/delivery-post.js';
import { onSlotBooked } from '../delivery/on-slot-booked.js';
import { applyTransition } from '../tickets/apply-transition.js';
import { deliveryAudience } from '../tickets/delivery-audience.js';
import type { TicketRow } from '../tickets/load-ticket.js';
import { loadTicketDetails, type TicketDetails } from '../tickets/ticket-details.js';
import { nextAppointmentVersion } from './appointment-calendar.js';
import { enqueueAppointmentNotice } from './book-notices.js';
import { bookedSlotOf, releaseSeat } from './seats.js';

/**
 * Puts a ticket on a slot whose seat the caller has just taken (in the same transaction): the seat
 * of the slot it had is given back, the ticket is saved with its audit, the ITSM ticket is opened
 * or its tasks re-dated from the new day1, and the customer gets the new appointment with its .ics.
 * `slot_booked` is the customer's first pick; `slot_assigned` is any other change of time.
 */
export async function placeBooking(
  tx: Tx,
  ctx: ServiceContext,
  ticket: TicketRow,
  slot: SlotRow,
  opts: {
    event: 'slot_booked' | 'slot_assigned';
    actor: string;
    now: Date;
    /** The ticket's details when the caller has read them already (the customer's own booking). */
    details?: TicketDetails | undefined;
  },
): Promise<TicketRow> {
  const { event, actor, now } = opts;
  const previous = ticket.scheduleSlotId !== slot.id ? await bookedSlotOf(tx, ticket) : undefined;
  if (previous) {
    await releaseSeat(tx, previous.id);
    await endDeliveryPost(
      tx,
      ticket.id,
      { kind: 'moved', to: noticeTime.moment(slot.startsAt, ctx.calendar.timeZone) },
      now,
    );
  }
  // Read once for the ITSM ticket, the channel post and the customer's notice. A booking changes
  // none of what they name, so details read before the save serve with the saved ticket.
  const read = opts.details ?? (await loadTicketDetails(tx, ticket));
  // The customer's calendar event is saved with the booking (a move updates the event the first
  // booking added); a ticket nobody hears about gets no invitation, so no event.
  const version = (await deliveryAudience(tx, ticket, read))
    ? await nextAppointmentVersion(tx, ctx, ticket, previous !== undefined)
    : undefined;
  const saved = (
    await applyTransition(
      tx,
      ticket,
      { type: event },
      {
        actor,
        now,
        set: { scheduleSlotId: slot.id },
        alsoSet: version && { appointmentUid: version.uid, appointmentSequence: version.sequence },
      },
    )
  ).ticket;
  const details = { ...read, ticket: saved };
  await onSlotBooked(tx, ctx, saved, slot, now, details);
  await enqueueAppointmentNotice(
    tx,
    ctx,
    saved,
    slot,
    // Only a change of a booked time is a move: staff assigning the first time books it.
    previous ? 'moved' : 'booked',
    now,
    previous && previous.startsAt > now ? previous.startsAt : undefined,
    details,
    version,
  );
  return saved;
}
