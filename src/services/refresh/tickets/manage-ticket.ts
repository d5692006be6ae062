import { z } from 'zod';
import type { Tx } from '../../../../db/client.js';
import type { RefreshEvent } from '../../../domain/refresh/index.js';
import type { WithdrawnAppointment } from '../../../domain/refresh/notices.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { enqueueItsmRequest } from '../../../effects/outbox.js';
import { invalid, notAllowed } from '../../errors.js';
import { noticeTime, readerTimeZone } from '../../notices/index.js';
import { isManager } from '../../people/access.js';
import { heldAppointmentsCutoff } from '../../scheduling/lead-time.js';
import { enqueueAppointmentWithdrawn, withdrawAppointment } from '../booking/appointment-calendar.js';
import { bookedSlotOf, releaseSeat } from '../booking/seats.js';
import type { RefreshContext } from '../context.js';
import type { SlotRow } from '../delivery/book-generic-slot.js';
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
export async function manageTicket(
  ctx: RefreshContext,
  event: ManageEvent,
  input: ManageTicketInput,
): Promise<TicketRow> {
  const parsed = ManageTicketInput.safeParse(input);
  if (!parsed.success) throw invalid('Say which ticket: its number (e.g. `#12`) or a serial number.');
  const { actor, ticket: ref, seenStatus } = parsed.data;
  const now = ctx.clock.now();
  let heldAppointmentDue = false;
  const saved = await ctx.db.transaction(async (tx) => {
    const ticket = typeof ref === 'number' ? await loadTicket(tx, ref) : await findTicket(tx, ref);
    if (!(await isManager({ db: tx }, actor))) {
      throw notAllowed(
        `Only refresh managers can ${verbs[event.type]}; nothing was changed (refresh #${ticket.id}: ${describeTicketState(ticket)}).`,
      );
    }
    requireSeenStatus(ticket, seenStatus);
    const booking = await bookingChange(tx, ticket, event, now);
    if (event.type === 'hold') heldAppointmentDue = await appointmentDueWhileHeld(tx, ctx, ticket, now);
    // A booked appointment that goes away is taken out of the customer's calendar, in words and
    // with the cancellation: told at once when the ticket is canceled, and in the invitation to
    // pick again when a resume finds the hold outlived it (or its slot deleted).
    let withdrawn: WithdrawnAppointment | undefined;
    if (booking.withdraw) {
      const { slot, reason } = booking.withdraw;
      if (reason === 'canceled') {
        await enqueueAppointmentWithdrawn(tx, ctx, ticket, slot, reason, now);
      } else {
        withdrawn = (await withdrawAppointment(tx, ctx, ticket, slot, reason, now))?.withdrawn;
      }
    }
    const { ticket: next, effects } = await applyTransition(tx, ticket, booking.event, {
      actor,
      now,
      ...(booking.clear ? { set: { scheduleSlotId: null } } : {}),
    });
    if (booking.freeSeat !== undefined) await releaseSeat(tx, booking.freeSeat);
    if (booking.lapsed !== undefined) {
      // Null: the booking was already taken back during the hold, and the ITSM told then.
      const note = booking.lapsed
        ? `Day1 of ${noticeTime.moment(booking.lapsed, ctx.calendar.timeZone)} went by while the ticket was on hold; a new time is being booked.`
        : 'The ticket resumed with no day1 (it was taken back during the hold); a new time is being booked.';
      await enqueueItsmRequest(
        tx,
        { operation: 'update_ticket', note },
        { ticketId: ticket.id, dedupeKey: `itsm-resume:${ticket.id}:${now.getTime()}` },
        now,
      );
    }
    await enqueueTicketEffects(tx, ctx, next, effects, now, undefined, withdrawn);
    return next;
  });
  ctx.noticesWritten();
  // Held with its appointment already that close: the timer takes it back now, not at its next run.
  if (heldAppointmentDue) ctx.refresh?.heldAppointmentDue?.();
  return saved;
}

/** A ticket put on hold whose appointment is closer than the lead time (see withdrawHeldAppointments). */
async function appointmentDueWhileHeld(
  tx: Tx,
  ctx: RefreshContext,
  ticket: TicketRow,
  now: Date,
): Promise<boolean> {
  if (ticket.status !== 'delivery_scheduled' || ticket.style === 'no_customer') return false;
  const slot = await bookedSlotOf(tx, ticket);
  if (!slot || slot.deletedAt !== null || slot.startsAt <= now) return false;
  return slot.startsAt < heldAppointmentsCutoff(ctx, now, await readerTimeZone(tx, ctx, ticket));
}

type ManageEvent = Extract<RefreshEvent, { type: 'hold' | 'resume' | 'cancel' }>;

/**
 * What a hold, resume or cancel does to the ticket's booking. A hold keeps it, seat taken, until
 * the held-appointments timer takes it back (or its slot is deleted). A resume whose booked time
 * went by, or whose booking was taken back, tells the state machine so, clears the slot and has
 * the ITSM told (`lapsed`: the old day1, null when the booking was already taken back). A cancel
 * gives a future seat back; a past appointment stays in the calendar's history.
 */
async function bookingChange(
  tx: Tx,
  ticket: TicketRow,
  event: ManageEvent,
  now: Date,
): Promise<{
  event: RefreshEvent;
  clear: boolean;
  freeSeat?: number;
  lapsed?: Date | null;
  /** The appointment to take out of the customer's calendar, and why. */
  withdraw?: { slot: SlotRow; reason: 'canceled' | 'on_hold' | 'slot_deleted' };
}> {
  if (event.type === 'hold') return { event, clear: false };
  const slot = await bookedSlotOf(tx, ticket);
  const ahead = slot !== undefined && slot.deletedAt === null && slot.startsAt > now;
  if (event.type === 'resume' && ticket.statusBeforeHold === 'delivery_scheduled' && !ahead) {
    return {
      event: { type: 'resume', bookingLapsed: true },
      clear: slot !== undefined,
      lapsed: slot?.startsAt ?? null,
      ...(slot && { withdraw: { slot, reason: slot.deletedAt === null ? 'on_hold' : 'slot_deleted' } }),
    };
  }
  if (event.type === 'cancel' && ahead) {
    return { event, clear: true, freeSeat: slot.id, withdraw: { slot, reason: 'canceled' } };
  }
  // A held ticket whose slot was deleted keeps it: a cancel still takes it out of the calendar.
  if (event.type === 'cancel' && slot !== undefined && slot.startsAt > now) {
    return { event, clear: false, withdraw: { slot, reason: 'canceled' } };
  }
  return { event, clear: false };
}
