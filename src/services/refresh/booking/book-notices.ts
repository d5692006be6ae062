import type { Tx } from '../../../../db/client.js';
import type { WithdrawnAppointment } from '../../../domain/refresh/notices.js';
import { enqueueCustomerNotice } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { computerLabel, noticeTime, readerFields, readerTimeZone } from '../../notices/index.js';
import { bookableFrom } from '../../scheduling/lead-time.js';
import { deliveryAudience } from '../tickets/delivery-audience.js';
import type { TicketRow } from '../tickets/load-ticket.js';
import type { TicketDetails } from '../tickets/ticket-details.js';
import type { AppointmentVersion } from './appointment-calendar.js';
import { findFreeSlots } from './book-free-slots.js';

type NoticeContext = Pick<ServiceContext, 'links' | 'calendar' | 'slotLeadBusinessDays'>;

export interface BookedSlot {
  id: number;
  startsAt: Date;
  endsAt: Date;
}

/**
 * The `invite_to_schedule` effect: a DM with "Pick a time" and an e-mail, listing the first free
 * times the customer may book (past the lead time). It names the computer the customer has now:
 * the replacement's serial means nothing to them yet.
 */
export async function enqueueSlotInvitation(
  tx: Tx,
  ctx: NoticeContext,
  ticket: TicketRow,
  now: Date,
  withdrawn?: WithdrawnAppointment,
): Promise<void> {
  const who = await deliveryAudience(tx, ticket);
  if (!who) return;
  const timeZone = await readerTimeZone(tx, ctx, ticket, who.details);
  const firstTimes =
    ticket.supportTeamId === null
      ? []
      : (await findFreeSlots(tx, ticket.supportTeamId, now, 3, bookableFrom(ctx, now, timeZone))).map(
          (slot) => noticeTime.moment(slot.startsAt, timeZone),
        );
  await enqueueCustomerNotice(
    tx,
    {
      to: who.recipient,
      kind: 'slot_invitation',
      view: {
        ...readerFields(who, who.details.supportTeam),
        ticketId: ticket.id,
        computer: computerLabel(who.details.system),
        ...who.place,
        firstTimes,
        withdrawn,
        openApp: ctx.links.openApp,
      },
      ticketId: ticket.id,
      // Each invitation (first one, or after a reschedule) is its own notice.
      dedupeKey: `slot-invitation:${ticket.id}:${now.getTime()}`,
    },
    now,
  );
}

/**
 * `booked`: the customer picked a time, or staff assigned the first one; `moved`: the appointment
 * changed (another time picked or assigned), `previous` naming the time it replaces if still ahead;
 * `reminder`: the business day before.
 */
export type AppointmentNoticeKind = 'booked' | 'moved' | 'reminder';

const appointmentNotices = {
  booked: 'booking_confirmation',
  moved: 'appointment_moved',
  reminder: 'appointment_reminder',
} as const;

/**
 * The booking confirmation (`booked` or `moved`, with the .ics invitation: `version` is the
 * calendar event's, saved on the ticket by the booking) or the day-before reminder: a DM and an
 * e-mail to the customer or their delegate. False when nothing was written (nobody to tell, or
 * already sent).
 */
export async function enqueueAppointmentNotice(
  tx: Tx,
  ctx: NoticeContext,
  ticket: TicketRow,
  slot: BookedSlot,
  kind: AppointmentNoticeKind,
  now: Date,
  previous?: Date,
  details?: TicketDetails,
  version?: AppointmentVersion,
): Promise<boolean> {
  const who = await deliveryAudience(tx, ticket, details);
  if (!who) return false;
  const timeZone = await readerTimeZone(tx, ctx, ticket, who.details);
  const confirmation = kind !== 'reminder';
  if (confirmation && version === undefined) {
    throw new Error(`a ${appointmentNotices[kind]} needs the version of its calendar event`);
  }
  const written = await enqueueCustomerNotice(
    tx,
    {
      to: who.recipient,
      kind: appointmentNotices[kind],
      view: {
        ...readerFields(who, who.details.supportTeam),
        ticketId: ticket.id,
        computer: who.computer,
        ...who.place,
        when: noticeTime.moment(slot.startsAt, timeZone),
        previousWhen: previous && noticeTime.moment(previous, timeZone),
        event: confirmation
          ? {
              startsAt: slot.startsAt,
              endsAt: slot.endsAt,
              // A move updates the event its booking added; a first booking adds one.
              ...version,
              bookedAt: now,
              attendeeEmail: who.recipient.email,
            }
          : undefined,
        openApp: ctx.links.openApp,
      },
      ticketId: ticket.id,
      dedupeKey: confirmation
        ? `booking-confirmation:${ticket.id}:${slot.id}:${now.getTime()}`
        : `appointment-reminder:${ticket.id}:${slot.id}`,
    },
    now,
  );
  return written.slackDm !== undefined || written.email !== undefined;
}
