import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../../../../db/client.js';
import { refreshTickets } from '../../../../db/schema/index.js';
import type { AppointmentWithdrawalReason, WithdrawnAppointment } from '../../../domain/refresh/notices.js';
import { enqueueCustomerNotice } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { noticeTime, readerFields, readerTimeZone } from '../../notices/index.js';
import { deliveryAudience } from '../tickets/delivery-audience.js';
import type { TicketRow } from '../tickets/load-ticket.js';
import type { TicketDetails } from '../tickets/ticket-details.js';
import type { BookedSlot } from './book-notices.js';

// A ticket's appointment in its customer's calendar. The ticket keeps the event's UID while an
// invitation stands, and the SEQUENCE of the last version sent: each update raises it by one and
// the cancellation too, so a calendar always takes the newest. The UID is random, so no other
// database (a fresh start included) ever sends the same one for another appointment.

type NoticeContext = Pick<ServiceContext, 'links' | 'calendar'>;

type Appointment = Pick<TicketRow, 'id' | 'appointmentUid' | 'appointmentSequence'>;

/** Host part of new UIDs: Otto's own host. */
function uidHost(publicUrl: string): string {
  try {
    return new URL(publicUrl).hostname || 'otto.invalid';
  } catch {
    return 'otto.invalid';
  }
}

/**
 * The UID of a booking sent before UIDs were stored: one per ticket, sequenced by the booking's
 * seconds. Its next version goes on from the seconds of now, which are past any it was sent with.
 */
function legacyIdentity(ticket: Appointment, publicUrl: string, now: Date) {
  return { uid: `refresh-${ticket.id}@${uidHost(publicUrl)}`, sequence: Math.floor(now.getTime() / 1000) };
}

/**
 * The UID and SEQUENCE of the invitation about to be sent for the ticket's appointment, saved on
 * the ticket: a first invitation starts a new event at 0, a later one updates it. `hadInvitation`:
 * the ticket was booked before, so a booking from before UIDs were stored is updated, not doubled.
 */
export async function nextAppointmentVersion(
  tx: Tx,
  ctx: NoticeContext,
  ticket: Appointment,
  hadInvitation: boolean,
  now: Date,
): Promise<{ uid: string; sequence: number }> {
  const version = ticket.appointmentUid
    ? { uid: ticket.appointmentUid, sequence: ticket.appointmentSequence + 1 }
    : hadInvitation
      ? legacyIdentity(ticket, ctx.links.publicUrl, now)
      : { uid: `${randomUUID()}@${uidHost(ctx.links.publicUrl)}`, sequence: 0 };
  await tx
    .update(refreshTickets)
    .set({ appointmentUid: version.uid, appointmentSequence: version.sequence })
    .where(eq(refreshTickets.id, ticket.id));
  return version;
}

/**
 * A booked appointment goes away (its slot deleted, the ticket canceled, the customer asked to
 * pick again, a hold that outlived it): the ticket forgets its calendar event and this gives what
 * the customer is told, with the cancellation (same UID, next SEQUENCE). Undefined when there is
 * nobody to tell or no booking. `ticket` is the ticket as it was booked (before the change).
 */
export async function withdrawAppointment(
  tx: Tx,
  ctx: NoticeContext,
  ticket: TicketRow,
  slot: BookedSlot,
  reason: AppointmentWithdrawalReason,
  now: Date,
  details?: TicketDetails,
): Promise<
  | { withdrawn: WithdrawnAppointment; who: NonNullable<Awaited<ReturnType<typeof deliveryAudience>>> }
  | undefined
> {
  if (ticket.appointmentUid !== null || ticket.appointmentSequence !== 0) {
    await tx
      .update(refreshTickets)
      .set({ appointmentUid: null, appointmentSequence: 0 })
      .where(eq(refreshTickets.id, ticket.id));
  }
  const who = await deliveryAudience(tx, ticket, details);
  if (!who) return undefined;
  const timeZone = await readerTimeZone(tx, ctx, ticket, who.details);
  const identity = ticket.appointmentUid
    ? { uid: ticket.appointmentUid, sequence: ticket.appointmentSequence + 1 }
    : legacyIdentity(ticket, ctx.links.publicUrl, now);
  return {
    who,
    withdrawn: {
      when: noticeTime.moment(slot.startsAt, timeZone),
      reason,
      event: {
        ...identity,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        bookedAt: now,
        attendeeEmail: who.recipient.email ?? undefined,
      },
    },
  };
}

/**
 * Tells the customer their appointment is off when they are not asked to pick another time now
 * (the ticket was canceled, or is on hold): a DM and an e-mail with the calendar cancellation.
 */
export async function enqueueAppointmentWithdrawn(
  tx: Tx,
  ctx: NoticeContext,
  ticket: TicketRow,
  slot: BookedSlot,
  reason: AppointmentWithdrawalReason,
  now: Date,
): Promise<boolean> {
  const off = await withdrawAppointment(tx, ctx, ticket, slot, reason, now);
  if (!off) return false;
  const { who, withdrawn } = off;
  const written = await enqueueCustomerNotice(
    tx,
    {
      to: who.recipient,
      kind: 'appointment_withdrawn',
      view: {
        ...readerFields(who),
        ticketId: ticket.id,
        computer: who.computer,
        ...who.place,
        ...withdrawn,
        openApp: ctx.links.openApp,
      },
      ticketId: ticket.id,
      dedupeKey: `appointment-withdrawn:${ticket.id}:${slot.id}:${now.getTime()}`,
    },
    now,
  );
  return written.slackDm !== undefined || written.email !== undefined;
}
