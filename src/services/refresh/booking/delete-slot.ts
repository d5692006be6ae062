import { and, eq, isNull, notInArray } from 'drizzle-orm';
import { refreshTickets, scheduleSlots, supportTeams } from '../../../../db/schema/index.js';
import { formatMoment } from '../../../domain/calendar/format-date-time.js';
import { closedRefreshStatuses } from '../../../domain/refresh/enums.js';
import { allows } from '../../../domain/refresh/index.js';
import { enqueueItsmRequest } from '../../../effects/outbox.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { conflict, notFound } from '../../errors.js';
import { noticeTime } from '../../notices/index.js';
import { requireSlotAdmin } from '../../scheduling/team-slots.js';
import { applyTransition } from '../tickets/apply-transition.js';
import { enqueueTicketEffects } from '../tickets/run-effects.js';
import { enqueueAppointmentWithdrawn, withdrawAppointment } from './appointment-calendar.js';

export interface DeletedSlot {
  slotId: number;
  team: string;
  startsAt: Date;
  /** The slot's start as its team reads it, "Tue 8 Dec, 10:00". */
  when: string;
  /** Tickets moved back to pending customer scheduling; their customers are invited again. */
  rescheduled: number[];
  /** Tickets on hold: their customers are told now and asked to pick a time when they resume. */
  onHold: number[];
  /** Tickets that lost the slot with nobody to ask (no customer): staff assign a slot. */
  unassigned: number[];
}

/**
 * Deletes a slot for good: it stays as a tombstone so nightly generation never makes it again,
 * and every customer booked in it is told the appointment is off, with the cancellation for their
 * calendar, and asked to pick another time (reschedule_requested), all in one transaction. Only that team's slot admins may; a second click finds it gone.
 */
export async function deleteSlot(
  ctx: ServiceContext,
  input: { actor: string; slotId: number },
): Promise<DeletedSlot> {
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    const [slot] = await tx
      .select({
        id: scheduleSlots.id,
        startsAt: scheduleSlots.startsAt,
        endsAt: scheduleSlots.endsAt,
        deletedAt: scheduleSlots.deletedAt,
        team: supportTeams.name,
        timeZone: supportTeams.timeZone,
      })
      .from(scheduleSlots)
      .innerJoin(supportTeams, eq(supportTeams.id, scheduleSlots.supportTeamId))
      .where(eq(scheduleSlots.id, input.slotId))
      .limit(1);
    if (!slot) throw notFound(`There is no slot #${input.slotId}.`);
    await requireSlotAdmin(tx, input.actor, slot.team);
    const [deleted] = await tx
      .update(scheduleSlots)
      .set({ deletedAt: now, deletedBy: input.actor, booked: 0 })
      .where(and(eq(scheduleSlots.id, slot.id), isNull(scheduleSlots.deletedAt)))
      .returning({ id: scheduleSlots.id });
    if (!deleted) throw conflict('This slot was already deleted. Nothing was changed.');
    await recordAudit(
      tx,
      {
        entity: 'schedule_slot',
        entityId: slot.id,
        action: 'delete',
        actor: input.actor,
        changes: { deletedAt: { from: null, to: now.toISOString() } },
      },
      now,
    );

    const booked = await tx
      .select()
      .from(refreshTickets)
      .where(
        and(
          eq(refreshTickets.scheduleSlotId, slot.id),
          notInArray(refreshTickets.status, [...closedRefreshStatuses]),
        ),
      );
    const rescheduled: number[] = [];
    const onHold: number[] = [];
    const unassigned: number[] = [];
    let told = false;
    const bookedSlot = { id: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt };
    // Only an appointment still ahead is in a calendar to take it out of.
    const ahead = slot.startsAt > now;
    for (const ticket of booked) {
      if (allows(ticket, 'reschedule_requested')) {
        // The customer hears that the appointment is off, and why, in the invitation to pick again.
        const off = ahead
          ? await withdrawAppointment(tx, ctx, ticket, bookedSlot, 'slot_deleted', now)
          : undefined;
        const saved = await applyTransition(
          tx,
          ticket,
          { type: 'reschedule_requested' },
          { actor: input.actor, now, set: { scheduleSlotId: null } },
        );
        await enqueueTicketEffects(tx, ctx, saved.ticket, saved.effects, now, undefined, off?.withdrawn);
        rescheduled.push(ticket.id);
        continue;
      }
      // Any other ticket lets the slot go and its customer is told the appointment is off: a held
      // one picks a new time when it resumes (the ITSM hears day 1 is off now), one with no
      // customer waits for staff to assign a time. A held ticket whose slot has already gone by
      // keeps it: resuming finds the time passed and tells the customer then.
      const held = ticket.status === 'on_hold';
      const letGo = !held || ahead;
      if (letGo) {
        await tx
          .update(refreshTickets)
          .set({ scheduleSlotId: null, updatedAt: now })
          .where(eq(refreshTickets.id, ticket.id));
        if (
          ahead &&
          (await enqueueAppointmentWithdrawn(tx, ctx, ticket, bookedSlot, 'slot_deleted', now, {
            onHold: held,
          }))
        ) {
          told = true;
        }
      }
      if (held && ahead) {
        await enqueueItsmRequest(
          tx,
          {
            operation: 'update_ticket',
            note: `Day1 of ${noticeTime.moment(slot.startsAt, ctx.calendar.timeZone)} is off: its slot was deleted while the ticket is on hold. A new time is booked when it resumes.`,
          },
          { ticketId: ticket.id, dedupeKey: `itsm-slot-deleted:${ticket.id}:${slot.id}` },
          now,
        );
        told = true;
      }
      await recordAudit(
        tx,
        {
          entity: 'refresh_ticket',
          entityId: ticket.id,
          ticketId: ticket.id,
          action: 'slot_deleted',
          actor: input.actor,
          ...(letGo ? { changes: { scheduleSlotId: { from: slot.id, to: null } } } : {}),
        },
        now,
      );
      (held ? onHold : unassigned).push(ticket.id);
    }
    return {
      slotId: slot.id,
      team: slot.team,
      startsAt: slot.startsAt,
      when: formatMoment(slot.startsAt, slot.timeZone),
      rescheduled,
      onHold,
      unassigned,
      told,
    };
  });
  if (result.rescheduled.length > 0 || result.told) ctx.noticesWritten();
  const { told: _told, ...deleted } = result;
  return deleted;
}
