import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { outbox, refreshTickets } from '../../../../db/schema/index.js';
import {
  AppointmentEvent,
  type AppointmentWithdrawalReason,
  type WithdrawnAppointment,
} from '../../../domain/refresh/notices.js';
import { enqueueCustomerNotice } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { noticeTime, readerFields, readerTimeZone } from '../../notices/index.js';
import { endDeliveryPost } from '../delivery/delivery-post.js';
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

const invitationNotices = ['booking_confirmation', 'appointment_moved'];

/** A legacy event's UID and the SEQUENCE last sent for it, from one invitation row of the outbox. */
function sentIdentity(
  ticketId: number,
  form: string,
  payload: Record<string, unknown>,
): { uid: string; sequence: number } | undefined {
  if (form === 'view') {
    const parsed = AppointmentEvent.safeParse(payload.event);
    if (!parsed.success) return undefined;
    const event = parsed.data;
    if (event.uid !== undefined) return { uid: event.uid, sequence: event.sequence ?? 0 };
    // As those invitations were rendered: the ticket's UID, the seconds of the booking.
    if (event.uidDomain === undefined) return undefined;
    return {
      uid: `refresh-${ticketId}@${event.uidDomain}`,
      sequence: Math.floor(event.bookedAt.getTime() / 1000),
    };
  }
  // Rows from before notices travelled as data hold the e-mail with its .ics (lines unfolded).
  const attachments = Array.isArray(payload.attachments) ? payload.attachments : [];
  for (const attachment of attachments) {
    const content = (attachment as { content?: unknown } | null)?.content;
    if (typeof content !== 'string') continue;
    const ics = content.replace(/\r?\n[ \t]/g, '');
    const uid = /^UID:(.+?)\r?$/m.exec(ics)?.[1];
    const sequence = /^SEQUENCE:(\d+)\r?$/m.exec(ics)?.[1];
    if (uid) return { uid, sequence: sequence === undefined ? 0 : Number(sequence) };
  }
  return undefined;
}

/**
 * The event a booking sent before UIDs were stored put in the customer's calendar, read from the
 * invitations the outbox holds for the ticket: the UID the newest one carried (`refresh-<ticket>@
 * <host>`, with the host of the day) and the highest SEQUENCE sent for it, the seconds of a
 * booking. Its next version goes on from there, one higher; undefined when no invitation was ever
 * written, so there is no event to update or cancel.
 */
async function legacyIdentity(
  tx: Db | Tx,
  ticketId: number,
): Promise<{ uid: string; sequence: number } | undefined> {
  const rows = await tx
    .select({ form: outbox.payloadForm, payload: outbox.payload })
    .from(outbox)
    .where(
      and(
        eq(outbox.ticketId, ticketId),
        eq(outbox.channel, 'email'),
        inArray(outbox.notice, invitationNotices),
        ne(outbox.status, 'failed'),
      ),
    )
    .orderBy(desc(outbox.id));
  let newest: { uid: string; sequence: number } | undefined;
  for (const row of rows) {
    const sent = sentIdentity(ticketId, row.form, row.payload);
    if (!sent) continue;
    newest ??= sent;
    if (sent.uid === newest.uid && sent.sequence > newest.sequence)
      newest = { ...newest, sequence: sent.sequence };
  }
  return newest && { uid: newest.uid, sequence: newest.sequence + 1 };
}

/** The calendar event an invitation adds or updates: its UID and the version (SEQUENCE) sent. */
export interface AppointmentVersion {
  uid: string;
  sequence: number;
}

/**
 * The UID and SEQUENCE of the last invitation sent for the ticket's appointment (what the customer's
 * calendar holds); undefined when none was ever written.
 */
export async function sentAppointmentIdentity(
  tx: Db | Tx,
  ticket: Appointment,
): Promise<AppointmentVersion | undefined> {
  if (ticket.appointmentUid) return { uid: ticket.appointmentUid, sequence: ticket.appointmentSequence };
  const next = await legacyIdentity(tx, ticket.id);
  return next && { uid: next.uid, sequence: next.sequence - 1 };
}

/**
 * The UID and SEQUENCE of the invitation about to be sent for the ticket's appointment, for the
 * caller to save on the ticket with the booking itself: a first invitation starts a new event at
 * 0, a later one updates it. `hadInvitation`: the ticket was booked before, so a booking from
 * before UIDs were stored is updated, not doubled.
 */
export async function nextAppointmentVersion(
  tx: Tx,
  ctx: NoticeContext,
  ticket: Appointment,
  hadInvitation: boolean,
): Promise<AppointmentVersion> {
  return ticket.appointmentUid
    ? { uid: ticket.appointmentUid, sequence: ticket.appointmentSequence + 1 }
    : ((hadInvitation ? await legacyIdentity(tx, ticket.id) : undefined) ?? {
        uid: `${randomUUID()}@${uidHost(ctx.links.publicUrl)}`,
        sequence: 0,
      });
}

/**
 * A booked appointment goes away (its slot deleted, the ticket canceled, the customer asked to
 * pick again, a hold that outlived it): the ticket forgets its calendar event and this gives what
 * the customer is told, with the cancellation (same UID, next SEQUENCE). Undefined when there is
 * nobody to tell or no booking; without the cancellation when no invitation was ever written for
 * it. `ticket` is the ticket as it was booked (before the change).
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
  const onHold = ticket.status === 'on_hold' && slot.startsAt > now;
  await endDeliveryPost(tx, ticket.id, { kind: 'off', reason, onHold }, now);
  const who = await deliveryAudience(tx, ticket, details);
  if (!who) return undefined;
  const timeZone = await readerTimeZone(tx, ctx, ticket, who.details);
  const identity = ticket.appointmentUid
    ? { uid: ticket.appointmentUid, sequence: ticket.appointmentSequence + 1 }
    : await legacyIdentity(tx, ticket.id);
  return {
    who,
    withdrawn: {
      when: noticeTime.moment(slot.startsAt, timeZone),
      reason,
      ...(identity && {
        event: {
          ...identity,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          bookedAt: now,
          attendeeEmail: who.recipient.email ?? undefined,
        },
      }),
    },
  };
}

/**
 * Tells the customer their appointment is off when they are not asked to pick another time now
 * (the ticket was canceled, or is on hold): a DM and an e-mail with the calendar cancellation.
 * `onHold`: the ticket is on hold, so they are asked to pick a new time when it resumes.
 */
export async function enqueueAppointmentWithdrawn(
  tx: Tx,
  ctx: NoticeContext,
  ticket: TicketRow,
  slot: BookedSlot,
  reason: AppointmentWithdrawalReason,
  now: Date,
  options: { onHold?: boolean } = {},
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
        ...(options.onHold && { onHold: true as const }),
        openApp: ctx.links.openApp,
      },
      ticketId: ticket.id,
      dedupeKey: `appointment-withdrawn:${ticket.id}:${slot.id}:${now.getTime()}`,
    },
    now,
  );
  return written.slackDm !== undefined || written.email !== undefined;
}
