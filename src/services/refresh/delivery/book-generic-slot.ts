import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../../../db/client.js';
import { events, refreshTickets, scheduleSlots } from '../../../../db/schema/index.js';
import { greatest } from '../../../../db/sql.js';
import type { BusinessCalendar } from '../../../domain/calendar/index.js';
import type { TicketRow } from '../tickets/load-ticket.js';

export type SlotRow = typeof scheduleSlots.$inferSelect;

/** 00:00 of the next business day after `now`'s local date, in the organisation's time zone. */
export function genericSlotStart(calendar: BusinessCalendar, now: Date): Date {
  return calendar.atLocalTime(calendar.nextBusinessDay(calendar.localDateOf(now)), '00:00');
}

/**
 * Books a no-customer ticket on its team's generic 00:00 slot of the next business day (SPEC §2.1):
 * made on first use, shared by every such ticket that day, its capacity always what is booked so
 * it never shows as free. Returns the ticket as saved, or the ticket unchanged (with an event)
 * when it has no support team.
 */
export async function bookGenericSlot(
  tx: Tx,
  calendar: BusinessCalendar,
  ticket: TicketRow,
  now: Date,
): Promise<TicketRow> {
  if (ticket.supportTeamId === null) {
    await tx.insert(events).values({
      ticketId: ticket.id,
      source: 'itsm',
      kind: 'generic_slot_skipped',
      ok: false,
      detail: { reason: 'the ticket has no support team' },
      at: now,
    });
    return ticket;
  }
  const startsAt = genericSlotStart(calendar, now);
  const [slot] = await tx
    .insert(scheduleSlots)
    .values({ supportTeamId: ticket.supportTeamId, startsAt, endsAt: startsAt, capacity: 1, booked: 1 })
    .onConflictDoUpdate({
      target: [scheduleSlots.supportTeamId, scheduleSlots.startsAt],
      set: {
        booked: sql`${scheduleSlots.booked} + 1`,
        capacity: greatest(scheduleSlots.capacity, sql`${scheduleSlots.booked} + 1`),
      },
    })
    .returning();
  const [saved] = await tx
    .update(refreshTickets)
    .set({ scheduleSlotId: slot!.id, updatedAt: now })
    .where(eq(refreshTickets.id, ticket.id))
    .returning();
  return saved!;
}
