import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type BookSlotModalView, bookSlotOptionLimit } from '../../../blocks/modals/book-slot.js';
import type { Tx } from '../../../db/client.js';
import { scheduleSlots } from '../../../db/schema/index.js';
import type { ServiceContext } from '../context.js';
import { onSlotBooked } from '../delivery/on-slot-booked.js';
import { conflict, invalid, notAllowed } from '../errors.js';
import { applyTransition } from '../tickets/apply-transition.js';
import { loadTicket, type TicketRow } from '../tickets/load-ticket.js';
import { findFreeSlots, formatSlotTime, groupSlotsByDay } from './book-free-slots.js';
import { appointmentAudience, enqueueAppointmentNotice, ticketTimeZone } from './book-notices.js';

const label = (status: string) => status.replace(/_/g, ' ');

/** Only the ticket's customer (their delegate when one is set) picks a time, and only while it waits for one. */
function requireBooker(tx: Tx, ticket: TicketRow, actor: string) {
  const who = appointmentAudience(tx, ticket);
  if (!who || who.recipient.slackUserId !== actor) {
    throw notAllowed(
      `Only the customer of refresh #${ticket.id} (or their delegate) can pick its delivery time.`,
    );
  }
  if (ticket.status !== 'pending_customer_scheduling') {
    throw conflict(
      `Refresh #${ticket.id} is ${label(ticket.status)}; there is no delivery time to pick now. Nothing was changed.`,
    );
  }
  if (ticket.supportTeamId === null) {
    throw conflict(`Refresh #${ticket.id} has no support team yet, so there are no times to pick.`);
  }
  return { who, supportTeamId: ticket.supportTeamId };
}

/** What the booking modal shows: the next free times of the ticket's team, grouped by day. */
function choicesFor(
  tx: Tx,
  ctx: Pick<ServiceContext, 'calendar'>,
  ticket: TicketRow,
  supportTeamId: number,
  who: NonNullable<ReturnType<typeof appointmentAudience>>,
  now: Date,
): BookSlotModalView {
  const timeZone = ticketTimeZone(tx, ctx, ticket);
  const slots = findFreeSlots(tx, supportTeamId, now, bookSlotOptionLimit + 1);
  return {
    ticketId: ticket.id,
    computer: who.computer,
    ...who.place,
    timeZone,
    days: groupSlotsByDay(slots.slice(0, bookSlotOptionLimit), timeZone),
    more: slots.length > bookSlotOptionLimit,
  };
}

export const GetBookingChoicesInput = z.object({
  actor: z.string().min(1),
  ticketId: z.number().int().positive(),
  seenStatus: z.string().optional(),
});
export type GetBookingChoicesInput = z.infer<typeof GetBookingChoicesInput>;

/** The "Pick a time" button: checks who asks and the ticket's state, then lists the free times. */
export function getBookingChoices(ctx: ServiceContext, input: GetBookingChoicesInput): BookSlotModalView {
  const { actor, ticketId } = GetBookingChoicesInput.parse(input);
  const now = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    const ticket = loadTicket(tx, ticketId);
    const { who, supportTeamId } = requireBooker(tx, ticket, actor);
    return choicesFor(tx, ctx, ticket, supportTeamId, who, now);
  });
}

export const BookSlotInput = z.object({
  actor: z.string().min(1),
  ticketId: z.number().int().positive(),
  slotId: z.number().int().positive(),
});
export type BookSlotInput = z.infer<typeof BookSlotInput>;

export type BookSlotResult =
  | { booked: true; ticket: TicketRow; when: string; unitLocation?: string | undefined }
  /** The slot filled up (or was deleted) meanwhile: nothing changed; here are the next free times. */
  | { booked: false; gone: string; choices: BookSlotModalView };

/**
 * Books a slot in ONE synchronous transaction: a guarded `booked = booked + 1 where booked <
 * capacity` takes the seat, so simultaneous presses never overbook (SQLite runs one writer at a
 * time); then the ticket moves to delivery_scheduled, delivery is planned and the customer is told.
 * Anything that throws rolls the seat back with the rest.
 */
export function bookSlot(ctx: ServiceContext, input: BookSlotInput): BookSlotResult {
  const { actor, ticketId, slotId } = BookSlotInput.parse(input);
  const now = ctx.clock.now();
  const result = ctx.db.transaction((tx): BookSlotResult => {
    const ticket = loadTicket(tx, ticketId);
    const { who, supportTeamId } = requireBooker(tx, ticket, actor);
    const picked = tx.select().from(scheduleSlots).where(eq(scheduleSlots.id, slotId)).get();
    if (!picked || picked.supportTeamId !== supportTeamId) {
      throw invalid(`That time is not one of refresh #${ticket.id}'s choices. Please pick again.`);
    }
    const timeZone = ticketTimeZone(tx, ctx, ticket);
    const slot =
      picked.startsAt > now
        ? tx
            .update(scheduleSlots)
            .set({ booked: sql`${scheduleSlots.booked} + 1` })
            .where(
              and(
                eq(scheduleSlots.id, slotId),
                lt(scheduleSlots.booked, scheduleSlots.capacity),
                isNull(scheduleSlots.deletedAt),
              ),
            )
            .returning()
            .get()
        : undefined;
    if (!slot) {
      return {
        booked: false,
        gone: formatSlotTime(picked.startsAt, timeZone),
        choices: choicesFor(tx, ctx, ticket, supportTeamId, who, now),
      };
    }
    const saved = applyTransition(
      tx,
      ticket,
      { type: 'slot_booked' },
      {
        actor,
        now,
        set: { scheduleSlotId: slot.id },
      },
    ).ticket;
    onSlotBooked(tx, ctx, saved, slot, now);
    enqueueAppointmentNotice(tx, ctx, saved, slot, 'booked', now);
    return {
      booked: true,
      ticket: saved,
      when: formatSlotTime(slot.startsAt, timeZone),
      unitLocation: who.place.unitLocation,
    };
  });
  if (result.booked) ctx.noticesWritten();
  return result;
}
