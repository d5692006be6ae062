import { z } from 'zod';
import type { RefreshStatus } from '../../../domain/refresh/enums.js';
import { customerPickEvent } from '../../../domain/refresh/index.js';
import type { AppointmentPlace } from '../../../domain/refresh/notices.js';
import {
  appointmentEventText,
  appointmentIcs,
  parseMailbox,
} from '../../../effects/render/appointment-ics.js';
import type { ServiceContext } from '../../context.js';
import { notAllowed } from '../../errors.js';
import { readerTimeZone } from '../../notices/index.js';
import type { RefreshContext } from '../context.js';
import { deliveryAudience } from '../tickets/delivery-audience.js';
import { loadTicket, type TicketRow } from '../tickets/load-ticket.js';
import { sentAppointmentIdentity } from './appointment-calendar.js';
import { formatSlotTime } from './book-free-slots.js';
import { Booker, type BookSlotModalView, choicesFor, isBooker } from './book-slot.js';
import { bookedSlotOf } from './seats.js';

// What the booking page an e-mail links to shows (SPEC §2.3, for readers with or without Slack):
// the same choices as the booking modal, the booked appointment, or where the ticket stands.

/** The booking page of one ticket, for its customer or their delegate. */
export interface BookingPageView extends AppointmentPlace {
  ticketId: number;
  /** The computer delivered, as the confirmation names it. */
  computer: string;
  /** The customer's name when their delegate reads the page. */
  onBehalfOf?: string | undefined;
  timeZone: string;
  status: RefreshStatus;
  /** The status a held ticket resumes to. */
  statusBeforeHold: RefreshStatus | null;
  /** The booked appointment, while one stands (ahead). */
  booked?: { when: string; slotId: number } | undefined;
  /** The free times, when the reader may pick (or change) the time now. */
  choices?: BookSlotModalView | undefined;
  /** What the page's form carries back, so a page the ticket has moved past changes nothing. */
  seen: { status: RefreshStatus; slotId: number | null };
}

export const GetBookingPageInput = z.object({ actor: Booker, ticketId: z.number().int().positive() });
export type GetBookingPageInput = z.infer<typeof GetBookingPageInput>;

/** The ticket, checked to be the reader's to book (its delegate when set, else its customer). */
async function bookersTicket(ctx: ServiceContext, actor: Booker, ticketId: number) {
  const ticket = await loadTicket(ctx.db, ticketId);
  const who = await deliveryAudience(ctx.db, ticket);
  if (!who || !isBooker(ticket, who, actor)) {
    throw notAllowed(
      `This page is for the customer of refresh #${ticket.id} (or their delegate), and you are not, or no longer, that person. Nothing was changed.`,
    );
  }
  return { ticket, who };
}

/** The booking page: never changes anything (a mail scanner may open it). */
export async function getBookingPage(
  ctx: ServiceContext,
  input: GetBookingPageInput,
): Promise<BookingPageView> {
  const { actor, ticketId } = GetBookingPageInput.parse(input);
  const now = ctx.clock.now();
  const { ticket, who } = await bookersTicket(ctx, actor, ticketId);
  const timeZone = await readerTimeZone(ctx.db, ctx, ticket, who.details);
  const slot = await bookedSlotOf(ctx.db, ticket);
  const booked =
    slot && slot.startsAt > now && ticket.status === 'delivery_scheduled'
      ? { when: formatSlotTime(slot.startsAt, timeZone), slotId: slot.id }
      : undefined;
  const choices =
    customerPickEvent(ticket) && ticket.supportTeamId !== null
      ? await choicesFor(ctx.db, ctx, ticket, ticket.supportTeamId, who, now)
      : undefined;
  return {
    ticketId: ticket.id,
    computer: who.computer,
    onBehalfOf: who.onBehalfOf,
    ...who.place,
    timeZone,
    status: ticket.status,
    statusBeforeHold: ticket.statusBeforeHold,
    booked,
    choices,
    seen: { status: ticket.status, slotId: ticket.scheduleSlotId },
  };
}

/** The calendar file of the booked appointment, as the confirmation e-mail carries it. */
export interface AppointmentFile {
  filename: string;
  body: string;
}

/**
 * The booked appointment's calendar event (.ics) for the page's download: the same UID, SEQUENCE,
 * times, text and organizer as the newest invitation e-mailed, so a calendar holding it updates
 * it rather than adding another. Undefined when no appointment stands.
 */
export async function getAppointmentFile(
  ctx: RefreshContext,
  input: GetBookingPageInput,
): Promise<AppointmentFile | undefined> {
  const { actor, ticketId } = GetBookingPageInput.parse(input);
  const now = ctx.clock.now();
  const { ticket, who } = await bookersTicket(ctx, actor, ticketId);
  const slot = ticket.status === 'delivery_scheduled' ? await bookedSlotOf(ctx.db, ticket) : undefined;
  if (!slot || slot.startsAt <= now || slot.deletedAt !== null) return undefined;
  const identity = await sentAppointmentIdentity(ctx.db, ticket as TicketRow);
  if (!identity) return undefined;
  return {
    filename: `refresh-${ticket.id}-appointment.ics`,
    body: appointmentIcs({
      method: 'REQUEST',
      ...identity,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      ...appointmentEventText({ ticketId: ticket.id, computer: who.computer, ...who.place }),
      organizer: parseMailbox(ctx.refresh?.mailFrom ?? 'Otto <otto@localhost>'),
      attendeeEmail: who.recipient.email,
      now,
    }),
  };
}
