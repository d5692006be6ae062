import { and, asc, eq, gt, isNull, ne } from 'drizzle-orm';
import { refreshTickets, scheduleSlots, supportTeams } from '../../../../db/schema/index.js';
import { enqueueItsmRequest } from '../../../effects/outbox.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { noticeTime } from '../../notices/index.js';
import { heldAppointmentsCutoff } from '../../scheduling/lead-time.js';
import { yieldToEventLoop } from '../../yield-to-event-loop.js';
import { enqueueAppointmentWithdrawn } from '../booking/appointment-calendar.js';
import { releaseSeat } from '../booking/seats.js';
import { timerActor } from './wizard-clock.js';

export interface HeldAppointmentRun {
  /** Appointments of held tickets taken back by this run. */
  withdrawn: number;
}

/**
 * A ticket put on hold while delivery_scheduled keeps its seat, but not past the lead time: once
 * its appointment is closer than that (by default tomorrow or sooner), the appointment is taken
 * back before the customer would turn up for it. The seat is given back, the ticket forgets the
 * booking, the ITSM hears day 1 is off, and the customer (or the delegate) is told in words, with
 * the calendar cancellation; resuming the ticket then invites them to pick a new time. Each
 * ticket is taken with a guarded update, so two runs (or two replicas) withdraw it once.
 */
export async function withdrawHeldAppointments(ctx: ServiceContext, now: Date): Promise<HeldAppointmentRun> {
  const held = await ctx.db
    .select({
      ticketId: refreshTickets.id,
      slotId: scheduleSlots.id,
      startsAt: scheduleSlots.startsAt,
      endsAt: scheduleSlots.endsAt,
      timeZone: supportTeams.timeZone,
    })
    .from(refreshTickets)
    .innerJoin(scheduleSlots, eq(scheduleSlots.id, refreshTickets.scheduleSlotId))
    .leftJoin(supportTeams, eq(supportTeams.id, refreshTickets.supportTeamId))
    .where(
      and(
        eq(refreshTickets.status, 'on_hold'),
        eq(refreshTickets.statusBeforeHold, 'delivery_scheduled'),
        // A generic slot has nobody to turn up: resuming books another one.
        ne(refreshTickets.style, 'no_customer'),
        isNull(scheduleSlots.deletedAt),
        // One already past is told of when the ticket resumes, as it always was.
        gt(scheduleSlots.startsAt, now),
      ),
    )
    .orderBy(asc(scheduleSlots.startsAt), asc(refreshTickets.id));
  const run: HeldAppointmentRun = { withdrawn: 0 };
  for (const row of held) {
    const cutoff = heldAppointmentsCutoff(ctx, now, row.timeZone ?? ctx.calendar.timeZone);
    if (row.startsAt >= cutoff) continue;
    const slot = { id: row.slotId, startsAt: row.startsAt, endsAt: row.endsAt };
    const taken = await ctx.db.transaction(async (tx) => {
      // Guarded: still held, still on this slot. A resume, a cancel or another run got there first.
      const [ticket] = await tx
        .update(refreshTickets)
        .set({ scheduleSlotId: null, updatedAt: now })
        .where(
          and(
            eq(refreshTickets.id, row.ticketId),
            eq(refreshTickets.status, 'on_hold'),
            eq(refreshTickets.scheduleSlotId, slot.id),
          ),
        )
        .returning();
      if (!ticket) return false;
      await releaseSeat(tx, slot.id);
      await recordAudit(
        tx,
        {
          entity: 'refresh_ticket',
          entityId: ticket.id,
          ticketId: ticket.id,
          action: 'appointment_withdrawn',
          actor: timerActor,
          changes: { scheduleSlotId: { from: slot.id, to: null } },
        },
        now,
      );
      const day1 = noticeTime.moment(slot.startsAt, ctx.calendar.timeZone);
      await enqueueItsmRequest(
        tx,
        {
          operation: 'update_ticket',
          note: `Day1 of ${day1} is off: the ticket is on hold. A new time is booked when it resumes.`,
        },
        { ticketId: ticket.id, dedupeKey: `itsm-hold-withdrawn:${ticket.id}:${slot.id}` },
        now,
      );
      await enqueueAppointmentWithdrawn(tx, ctx, ticket, slot, 'on_hold', now, { onHold: true });
      return true;
    });
    if (!taken) continue;
    run.withdrawn += 1;
    ctx.noticesWritten();
    await yieldToEventLoop();
  }
  return run;
}
