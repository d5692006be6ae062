import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../../db/client.js';
import { scheduleSlots } from '../../../../db/schema/index.js';
import type { RefreshStatus } from '../../../domain/refresh/enums.js';
import { allows } from '../../../domain/refresh/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { enqueueItsmRequest } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { conflict, invalid, notAllowed } from '../../errors.js';
import { computerLabel, noticeTime, personName, readerTimeZone } from '../../notices/index.js';
import { isManager } from '../../people/access.js';
import { applyTransition } from '../tickets/apply-transition.js';
import { findTicket } from '../tickets/find-ticket.js';
import { loadTicket, type TicketRow } from '../tickets/load-ticket.js';
import { enqueueTicketEffects } from '../tickets/run-effects.js';
import { loadTicketDetails } from '../tickets/ticket-details.js';
import { describeTicketState, requireSeenStatus } from '../tickets/ticket-state.js';
import { withdrawAppointment } from './appointment-calendar.js';
import { type BookSlotDay, bookSlotOptionLimit, formatSlotTime, offeredSlots } from './book-free-slots.js';
import { placeBooking } from './place-booking.js';
import { bookedSlotOf, releaseSeat, takeSeat } from './seats.js';

const TicketRef = z.union([z.number().int().positive(), z.string().min(1).max(100)]);

export const RescheduleTicketInput = z.object({
  actor: SlackUserId,
  /** A ticket id, or what staff typed: `12`, `#12` or a serial. */
  ticket: TicketRef,
  seenStatus: z.string().optional(),
});
export type RescheduleTicketInput = z.infer<typeof RescheduleTicketInput>;

/** Loads the ticket a manager asks about; the role is checked first, the status the button saw next. */
async function managedTicket(tx: Tx, input: RescheduleTicketInput, doing: string): Promise<TicketRow> {
  const parsed = RescheduleTicketInput.safeParse(input);
  if (!parsed.success) throw invalid('Say which ticket: its number (e.g. `#12`) or a serial number.');
  const { actor, ticket: ref, seenStatus } = parsed.data;
  const ticket = typeof ref === 'number' ? await loadTicket(tx, ref) : await findTicket(tx, ref);
  if (!(await isManager({ db: tx }, actor))) {
    throw notAllowed(
      `Only refresh managers can ${doing}; nothing was changed (refresh #${ticket.id}: ${describeTicketState(ticket)}).`,
    );
  }
  requireSeenStatus(ticket, seenStatus);
  // Staff change a booking by assigning a time: where the state machine allows that (SPEC §2.1).
  if (!allows(ticket, 'slot_assigned')) {
    throw conflict(
      `Refresh #${ticket.id} has no delivery time to change: ${describeTicketState(ticket)}. Nothing was changed.`,
    );
  }
  return ticket;
}

export interface RescheduleForm {
  ticketId: number;
  status: RefreshStatus;
  computer: string;
  customer: string | undefined;
  /** The booked time, if any. */
  current: string | undefined;
  /** Whether the customer can be asked to pick (a booked ticket with a customer). */
  canAskCustomer: boolean;
  timeZone: string;
  days: BookSlotDay[];
  more: boolean;
}

/** What the manager's reschedule form shows: the booking, and the team's next free times. */
export async function getRescheduleForm(
  ctx: ServiceContext,
  input: RescheduleTicketInput,
): Promise<RescheduleForm> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const ticket = await managedTicket(tx, input, 'reschedule tickets');
    const details = await loadTicketDetails(tx, ticket);
    const timeZone = await readerTimeZone(tx, ctx, ticket, details);
    const offered =
      ticket.supportTeamId === null
        ? { days: [], more: false }
        : await offeredSlots(tx, ticket.supportTeamId, now, {
            limit: bookSlotOptionLimit,
            except: ticket.scheduleSlotId,
            timeZone,
          });
    const booked = await bookedSlotOf(tx, ticket);
    return {
      ticketId: ticket.id,
      status: ticket.status,
      computer: computerLabel(details.replacement ?? details.system),
      customer: details.user ? personName(details.user) : undefined,
      current: booked ? formatSlotTime(booked.startsAt, timeZone) : undefined,
      canAskCustomer: allows(ticket, 'reschedule_requested'),
      timeZone,
      ...offered,
    };
  });
}

/**
 * "Trigger a customer reschedule" inside the caller's transaction: the ticket goes back to
 * pending_customer_scheduling, its seat is given back, the ITSM ticket is told day1 is off, and
 * the customer is invited to pick again (SPEC §2.1; the new booking re-dates the ITSM tasks).
 */
export async function askCustomerToRebook(
  tx: Tx,
  ctx: ServiceContext,
  ticket: TicketRow,
  actor: string,
  now: Date,
): Promise<TicketRow> {
  const previous = await bookedSlotOf(tx, ticket);
  // The invitation to pick again says the booked appointment is off and takes it out of the calendar.
  const off =
    previous && previous.startsAt > now
      ? await withdrawAppointment(tx, ctx, ticket, previous, 'reschedule_requested', now)
      : undefined;
  const saved = await applyTransition(
    tx,
    ticket,
    { type: 'reschedule_requested' },
    { actor, now, set: { scheduleSlotId: null } },
  );
  if (previous) await releaseSeat(tx, previous.id);
  await enqueueItsmRequest(
    tx,
    {
      operation: 'update_ticket',
      note: `${previous ? `Day1 of ${noticeTime.moment(previous.startsAt, ctx.calendar.timeZone)} is off` : 'Day1 is off'}: the customer is asked to pick a new time. Otto re-dates the tasks once they do.`,
    },
    { ticketId: ticket.id, dedupeKey: `itsm-reschedule:${ticket.id}:${now.getTime()}` },
    now,
  );
  await enqueueTicketEffects(tx, ctx, saved.ticket, saved.effects, now, undefined, off?.withdrawn);
  return saved.ticket;
}

/** A manager asks the customer to pick another time (one ticket). */
export async function requestReschedule(
  ctx: ServiceContext,
  input: RescheduleTicketInput,
): Promise<TicketRow> {
  const now = ctx.clock.now();
  const saved = await ctx.db.transaction(async (tx) => {
    const ticket = await managedTicket(tx, input, 'reschedule tickets');
    if (!allows(ticket, 'reschedule_requested')) {
      throw invalid(
        ticket.style === 'no_customer'
          ? `Refresh #${ticket.id} has no customer to ask; assign a time instead.`
          : `Refresh #${ticket.id} is waiting for its customer to pick a time already; assign a time instead.`,
      );
    }
    return askCustomerToRebook(tx, ctx, ticket, input.actor, now);
  });
  ctx.noticesWritten();
  return saved;
}

export const AssignSlotInput = RescheduleTicketInput.extend({ slotId: z.number().int().positive() });
export type AssignSlotInput = z.infer<typeof AssignSlotInput>;

export type AssignSlotResult =
  | { assigned: true; ticket: TicketRow; when: string }
  /** The slot filled up, was deleted or started meanwhile: nothing changed. */
  | { assigned: false; gone: string };

/** A manager books a time for the customer (one ticket); the customer is told, with the .ics. */
export async function assignSlot(ctx: ServiceContext, input: AssignSlotInput): Promise<AssignSlotResult> {
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx): Promise<AssignSlotResult> => {
    const ticket = await managedTicket(tx, input, 'assign delivery times');
    const [picked] = await tx.select().from(scheduleSlots).where(eq(scheduleSlots.id, input.slotId)).limit(1);
    if (!picked || picked.supportTeamId !== ticket.supportTeamId) {
      throw invalid(`That time is not one of refresh #${ticket.id}'s team's slots.`);
    }
    const timeZone = await readerTimeZone(tx, ctx, ticket);
    const when = formatSlotTime(picked.startsAt, timeZone);
    if (picked.id === ticket.scheduleSlotId)
      throw invalid(`Refresh #${ticket.id} is booked for ${when} already.`);
    const slot = await takeSeat(tx, picked.id, now);
    if (!slot) return { assigned: false, gone: when };
    const saved = await placeBooking(tx, ctx, ticket, slot, {
      event: 'slot_assigned',
      actor: input.actor,
      now,
    });
    return { assigned: true, ticket: saved, when };
  });
  if (result.assigned) ctx.noticesWritten();
  return result;
}
