import {
  renderAppointmentNotice,
  renderSlotInvitation,
} from '../../../../blocks/refresh/messages/booking.js';
import type { Tx } from '../../../../db/client.js';
import { enqueueCustomerNotice } from '../../../effects/outbox.js';
import { ids } from '../../../slack/ids.js';
import { ticketValue } from '../../../slack/values/refresh.js';
import type { ServiceContext } from '../../context.js';
import type { TicketRow } from '../tickets/load-ticket.js';
import { customerRecipient } from '../tickets/recipients.js';
import { computerLabel, loadTicketDetails, type TicketDetails } from '../tickets/ticket-details.js';
import { findFreeSlots, formatSlotTime, teamTimeZone } from './book-free-slots.js';
import { appointmentAttachment } from './book-ics.js';

type NoticeContext = Pick<ServiceContext, 'links' | 'calendar'>;

export interface BookedSlot {
  id: number;
  startsAt: Date;
  endsAt: Date;
}

/** Who hears, about what, and where the appointment is; undefined for nobody (no-customer tickets). */
export function appointmentAudience(tx: Tx, ticket: TicketRow, known?: TicketDetails) {
  const recipient = customerRecipient(tx, ticket);
  if (!recipient) return undefined;
  const details = known ?? loadTicketDetails(tx, ticket);
  const onBehalfOf =
    ticket.delegateId !== null && details.user ? (details.user.name ?? details.user.email) : undefined;
  const computer = computerLabel(details.replacement ?? details.system);
  const unitLocation =
    ticket.style === 'unit_specified_location'
      ? (details.config.unitSpecifiedLocation ?? undefined)
      : undefined;
  const location = [ticket.building, ticket.room].filter(Boolean).join(' ') || undefined;
  return { recipient, onBehalfOf, computer, place: { unitLocation, location }, customer: details.user };
}

export function ticketTimeZone(tx: Tx, ctx: Pick<ServiceContext, 'calendar'>, ticket: TicketRow): string {
  return ticket.supportTeamId === null
    ? ctx.calendar.timeZone
    : teamTimeZone(tx, ticket.supportTeamId, ctx.calendar.timeZone);
}

/** The `invite_to_schedule` effect: a DM with "Pick a time" and an e-mail, listing the first free times. */
export function enqueueSlotInvitation(tx: Tx, ctx: NoticeContext, ticket: TicketRow, now: Date): void {
  const who = appointmentAudience(tx, ticket);
  if (!who) return;
  const timeZone = ticketTimeZone(tx, ctx, ticket);
  const firstTimes =
    ticket.supportTeamId === null
      ? []
      : findFreeSlots(tx, ticket.supportTeamId, now, 3).map((slot) =>
          formatSlotTime(slot.startsAt, timeZone),
        );
  const dm = renderSlotInvitation({
    ticketId: ticket.id,
    computer: who.computer,
    onBehalfOf: who.onBehalfOf,
    ...who.place,
    firstTimes,
    actionId: ids.bookSlotOpen,
    buttonValue: ticketValue.encode({ ticketId: ticket.id, status: 'pending_customer_scheduling' }),
  });
  enqueueCustomerNotice(
    tx,
    {
      slackUserId: who.recipient.slackUserId,
      email: who.recipient.email,
      notice: 'slot_invitation',
      ...dm,
      template: 'slot-invitation',
      subject: who.place.unitLocation
        ? `Refresh #${ticket.id}: pick a time at ${who.place.unitLocation}`
        : `Refresh #${ticket.id}: pick a time for your new computer`,
      data: {
        recipientName: who.recipient.name ?? undefined,
        onBehalfOf: who.onBehalfOf,
        ticketId: ticket.id,
        computer: who.computer,
        unitLocation: who.place.unitLocation,
        firstTimes,
        preview: 'Pick a time for the delivery of your new computer.',
        action: { label: 'Open Otto', url: ctx.links.openApp },
      },
      ticketId: ticket.id,
      // Each invitation (first one, or after a reschedule) is its own notice.
      dedupeKey: `slot-invitation:${ticket.id}:${now.getTime()}`,
    },
    now,
  );
}

/**
 * `booked`: the customer picked a time; `moved`: the appointment changed (the customer picked
 * another time, or staff assigned one), `previous` naming the time it replaces if there was one;
 * `reminder`: the business day before.
 */
export type AppointmentNoticeKind = 'booked' | 'moved' | 'reminder';

/** The button on appointment DMs that lets the customer pick another time. */
function changeTimeButton(ticket: TicketRow) {
  return {
    actionId: ids.bookSlotOpen,
    value: ticketValue.encode({ ticketId: ticket.id, status: 'delivery_scheduled' }),
  };
}

/**
 * The booking confirmation (`booked` or `moved`, with the .ics invitation) or the day-before
 * reminder: a DM and an e-mail to the customer or their delegate. False when nothing was written
 * (nobody to tell, or already sent).
 */
export function enqueueAppointmentNotice(
  tx: Tx,
  ctx: NoticeContext,
  ticket: TicketRow,
  slot: BookedSlot,
  kind: AppointmentNoticeKind,
  now: Date,
  previous?: Date,
  details?: TicketDetails,
): boolean {
  const who = appointmentAudience(tx, ticket, details);
  if (!who) return false;
  const timeZone = ticketTimeZone(tx, ctx, ticket);
  const when = formatSlotTime(slot.startsAt, timeZone);
  const previousWhen = previous && formatSlotTime(previous, timeZone);
  const dm = renderAppointmentNotice({
    ticketId: ticket.id,
    computer: who.computer,
    onBehalfOf: who.onBehalfOf,
    ...who.place,
    when,
    previousWhen,
    kind,
    changeTime: changeTimeButton(ticket),
  });
  const where = who.place.unitLocation ? ` at ${who.place.unitLocation}` : '';
  const confirmation = kind !== 'reminder';
  const attachment = confirmation
    ? appointmentAttachment({
        ticketId: ticket.id,
        uidDomain: new URL(ctx.links.publicUrl).hostname || 'otto.local',
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        summary: `Computer refresh #${ticket.id}${where}`,
        location: who.place.unitLocation ?? who.place.location,
        description: who.place.unitLocation
          ? `Please be at ${who.place.unitLocation} with your current computer. ${who.computer} is delivered and set up then.`
          : `${who.computer} is delivered and set up then.`,
        attendeeEmail: who.recipient.email,
        // Seconds since the epoch grow with every booking, so a rescheduled event replaces the old one.
        sequence: Math.floor(now.getTime() / 1000),
        now,
      })
    : undefined;
  const written = enqueueCustomerNotice(
    tx,
    {
      slackUserId: who.recipient.slackUserId,
      email: who.recipient.email,
      notice: {
        booked: 'booking_confirmation',
        moved: 'appointment_moved',
        reminder: 'appointment_reminder',
      }[kind],
      ...dm,
      template: confirmation ? 'booking-confirmation' : 'appointment-reminder',
      subject: {
        booked: `Refresh #${ticket.id} is booked for ${when}${where}`,
        moved: `Refresh #${ticket.id} is now ${when}${where}`,
        reminder: `Reminder: refresh #${ticket.id} is ${when}${where}`,
      }[kind],
      data: {
        recipientName: who.recipient.name ?? undefined,
        onBehalfOf: who.onBehalfOf,
        ticketId: ticket.id,
        computer: who.computer,
        when,
        moved: kind === 'moved',
        previousWhen,
        location: who.place.location,
        unitLocation: who.place.unitLocation,
        preview: `${when}${where}`,
        action: { label: 'Open Otto', url: ctx.links.openApp },
      },
      attachments: attachment && [attachment],
      ticketId: ticket.id,
      dedupeKey: confirmation
        ? `booking-confirmation:${ticket.id}:${slot.id}:${now.getTime()}`
        : `appointment-reminder:${ticket.id}:${slot.id}`,
    },
    now,
  );
  return written.slackDm !== undefined || written.email !== undefined;
}
