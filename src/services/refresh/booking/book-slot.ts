import { z } from 'zod';
import type { Tx } from '../../../../db/client.js';
import { formatDay } from '../../../domain/calendar/format-date-time.js';
import { customerPickEvent } from '../../../domain/refresh/index.js';
import type { AppointmentPlace } from '../../../domain/refresh/notices.js';
import { statusPhrase } from '../../../domain/refresh/status-wording.js';
import type { ServiceContext } from '../../context.js';
import { conflict, invalid, notAllowed } from '../../errors.js';
import { computerLabel, readerTimeZone } from '../../notices/index.js';
import type { InSameTransaction } from '../../same-transaction.js';
import { bookableFrom } from '../../scheduling/lead-time.js';
import { deliveryAudience } from '../tickets/delivery-audience.js';
import { loadTicket, type TicketRow } from '../tickets/load-ticket.js';
import { requireSeenStatus } from '../tickets/ticket-state.js';
import { type BookSlotDay, bookSlotOptionLimit, formatSlotTime, offeredSlots } from './book-free-slots.js';
import { placeBooking } from './place-booking.js';
import { bookedSlotOf, findSlot, takeSeat } from './seats.js';

/** What the booking modal shows: the ticket, where the appointment is, and the free times to pick from. */
export interface BookSlotModalView extends AppointmentPlace {
  ticketId: number;
  /** The computer the customer has now, as they know it (the replacement's serial means nothing to them). */
  computer: string;
  /** The customer's name when a delegate picks the time for them. */
  onBehalfOf?: string | undefined;
  timeZone: string;
  /** The first day times are offered from (the lead time), "Tue 8 Dec". */
  firstDay: string;
  /** Free slots grouped by day, at most `bookSlotOptionLimit` in all. */
  days: BookSlotDay[];
  /** More free slots exist past the ones offered. */
  more: boolean;
  /** The time the customer picked that was taken meanwhile. */
  gone?: string | undefined;
  /** The time the customer picked is now sooner than the lead time allows (a modal left open overnight). */
  tooSoon?: string | undefined;
  /** The time already booked, when the customer is changing it. */
  current?: string | undefined;
}

/**
 * Who picks a time: a Slack user, by their Slack id (the modal), or a person Otto knows, by their
 * id (the web page an e-mail links to, for readers with or without Slack).
 */
export const Booker = z.union([z.string().min(1), z.object({ personId: z.number().int().positive() })]);
export type Booker = z.infer<typeof Booker>;

/** Whether `actor` is the one who hears about the ticket's delivery: its delegate when set, else its customer. */
export function isBooker(
  ticket: Pick<TicketRow, 'delegateId' | 'userId'>,
  who: { recipient: { slackUserId: string | null } },
  actor: Booker,
): boolean {
  if (typeof actor === 'string') return who.recipient.slackUserId === actor;
  return (ticket.delegateId ?? ticket.userId) === actor.personId;
}

/** How the ticket's history names the booker: their Slack id as before, or their address outside Slack. */
export const bookerRef = (who: { recipient: { slackUserId: string | null; email: string } }) =>
  who.recipient.slackUserId ?? who.recipient.email;

/** Only the ticket's customer (their delegate when one is set) picks a time, and only while it waits for one. */
export async function requireBooker(tx: Tx, ticket: TicketRow, actor: Booker) {
  const who = await deliveryAudience(tx, ticket);
  if (!who || !isBooker(ticket, who, actor)) {
    throw notAllowed(
      `Only the customer of refresh #${ticket.id} (or their delegate) can pick its delivery time.`,
    );
  }
  const event = customerPickEvent(ticket);
  if (!event) {
    throw conflict(
      `Refresh #${ticket.id} is ${statusPhrase(ticket.status)}; there is no delivery time to pick now. Nothing was changed.`,
    );
  }
  if (ticket.supportTeamId === null) {
    throw conflict(`Refresh #${ticket.id} has no support team yet, so there are no times to pick.`);
  }
  return { who, supportTeamId: ticket.supportTeamId, event };
}

/** What the booking modal shows: the next free times of the ticket's team past the lead time, grouped by day. */
export async function choicesFor(
  tx: Tx,
  ctx: Pick<ServiceContext, 'calendar' | 'slotLeadBusinessDays'>,
  ticket: TicketRow,
  supportTeamId: number,
  who: NonNullable<Awaited<ReturnType<typeof deliveryAudience>>>,
  now: Date,
): Promise<BookSlotModalView> {
  const timeZone = await readerTimeZone(tx, ctx, ticket, who.details);
  const current = await bookedSlotOf(tx, ticket);
  const from = bookableFrom(ctx, now, timeZone);
  return {
    ticketId: ticket.id,
    computer: computerLabel(who.details.system),
    onBehalfOf: who.onBehalfOf,
    ...who.place,
    timeZone,
    firstDay: formatDay(from, timeZone),
    // A booked customer changing their time is not offered the time they have.
    ...(await offeredSlots(tx, supportTeamId, now, {
      limit: bookSlotOptionLimit,
      except: ticket.scheduleSlotId,
      timeZone,
      from,
    })),
    current: current && current.startsAt > now ? formatSlotTime(current.startsAt, timeZone) : undefined,
  };
}

export const GetBookingChoicesInput = z.object({
  actor: Booker,
  ticketId: z.number().int().positive(),
  seenStatus: z.string().optional(),
});
export type GetBookingChoicesInput = z.infer<typeof GetBookingChoicesInput>;

/** The "Pick a time" button: checks who asks and the ticket's state, then lists the free times. */
export async function getBookingChoices(
  ctx: ServiceContext,
  input: GetBookingChoicesInput,
): Promise<BookSlotModalView> {
  const { actor, ticketId } = GetBookingChoicesInput.parse(input);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const ticket = await loadTicket(tx, ticketId);
    const { who, supportTeamId } = await requireBooker(tx, ticket, actor);
    return choicesFor(tx, ctx, ticket, supportTeamId, who, now);
  });
}

export const BookSlotInput = z.object({
  actor: Booker,
  ticketId: z.number().int().positive(),
  slotId: z.number().int().positive(),
  /**
   * The ticket as the form showed it (the web page): its status and the slot it was booked on
   * (null: none). When it has moved on since, nothing is booked and the answer says where it stands.
   */
  seen: z.object({ status: z.string(), slotId: z.number().int().positive().nullable() }).optional(),
});
export type BookSlotInput = z.infer<typeof BookSlotInput>;

export type BookSlotResult =
  | { booked: true; moved: boolean; ticket: TicketRow; when: string; unitLocation?: string | undefined }
  /**
   * The slot filled up (or was deleted) meanwhile, or is now sooner than the lead time: nothing
   * changed; here are the next free times.
   */
  | { booked: false; gone?: string; tooSoon?: string; choices: BookSlotModalView };

/**
 * Books a slot, or moves the customer's booking to another one, in ONE transaction: `takeSeat` is
 * a guarded update, so simultaneous presses never overbook (one writer of the row at a time);
 * then the old seat is given back, the ticket saved, delivery planned and the customer
 * told. Anything that throws rolls the seat back with the rest. `along`: the caller's own
 * bookkeeping (the submission's receipt), written in the same transaction.
 */
export async function bookSlot(
  ctx: ServiceContext,
  input: BookSlotInput,
  along?: InSameTransaction<BookSlotResult>,
): Promise<BookSlotResult> {
  const parsed = BookSlotInput.parse(input);
  const now = ctx.clock.now();
  const booker: { slackUserId: string | null } = { slackUserId: null };
  const result = await ctx.db.transaction(async (tx) => {
    await along?.begin(tx);
    const outcome = await bookIn(tx, ctx, parsed, now, booker);
    await along?.end(tx, outcome);
    return outcome;
  });
  if (result.booked) {
    ctx.noticesWritten();
    // Booked from the web: the booker's Home in Slack shows it too (the modal's listener does this in Slack).
    if (typeof parsed.actor !== 'string' && booker.slackUserId !== null)
      ctx.surfaces?.homeChanged(booker.slackUserId);
  }
  return result;
}

async function bookIn(
  tx: Tx,
  ctx: ServiceContext,
  { actor, ticketId, slotId, seen }: BookSlotInput,
  now: Date,
  booker: { slackUserId: string | null },
): Promise<BookSlotResult> {
  const ticket = await loadTicket(tx, ticketId);
  const { who, supportTeamId, event } = await requireBooker(tx, ticket, actor);
  booker.slackUserId = who.recipient.slackUserId;
  if (seen) {
    requireSeenStatus(ticket, seen.status);
    if (seen.slotId !== ticket.scheduleSlotId) {
      throw conflict(
        `Refresh #${ticket.id}'s delivery time changed since you saw it; nothing was changed. Here is where it stands now.`,
      );
    }
  }
  const picked = await findSlot(tx, slotId);
  if (!picked || picked.supportTeamId !== supportTeamId) {
    throw invalid(`That time is not one of refresh #${ticket.id}'s choices. Please pick again.`);
  }
  const timeZone = await readerTimeZone(tx, ctx, ticket, who.details);
  if (picked.id === ticket.scheduleSlotId) {
    throw invalid(
      `Refresh #${ticket.id} is booked for ${formatSlotTime(picked.startsAt, timeZone)} already.`,
    );
  }
  // A modal left open past midnight may offer a time that is now too soon for the team.
  if (picked.startsAt < bookableFrom(ctx, now, timeZone)) {
    return {
      booked: false,
      tooSoon: formatSlotTime(picked.startsAt, timeZone),
      choices: await choicesFor(tx, ctx, ticket, supportTeamId, who, now),
    };
  }
  const slot = await takeSeat(tx, slotId, now);
  if (!slot) {
    return {
      booked: false,
      gone: formatSlotTime(picked.startsAt, timeZone),
      choices: await choicesFor(tx, ctx, ticket, supportTeamId, who, now),
    };
  }
  const saved = await placeBooking(tx, ctx, ticket, slot, {
    event,
    actor: bookerRef(who),
    now,
    details: who.details,
  });
  return {
    booked: true,
    moved: event === 'slot_assigned',
    ticket: saved,
    when: formatSlotTime(slot.startsAt, timeZone),
    unitLocation: who.place.unitLocation,
  };
}
