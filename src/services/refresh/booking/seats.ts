import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { scheduleSlots } from '../../../../db/schema/index.js';
import type { SlotRow } from '../delivery/book-generic-slot.js';
import type { TicketRow } from '../tickets/load-ticket.js';

/** The slot a ticket is booked on, if any (deleted slots included). */
export function bookedSlotOf(tx: Db | Tx, ticket: Pick<TicketRow, 'scheduleSlotId'>): SlotRow | undefined {
  return ticket.scheduleSlotId === null
    ? undefined
    : tx.select().from(scheduleSlots).where(eq(scheduleSlots.id, ticket.scheduleSlotId)).get();
}

/**
 * Takes one seat of a future, undeleted slot with a seat left, with one guarded update: SQLite runs
 * one writer at a time, so two presses on the last seat can never both get it. Undefined when the
 * slot is full, deleted or already started.
 */
export function takeSeat(tx: Tx, slotId: number, now: Date): SlotRow | undefined {
  return tx
    .update(scheduleSlots)
    .set({ booked: sql`${scheduleSlots.booked} + 1` })
    .where(
      and(
        eq(scheduleSlots.id, slotId),
        lt(scheduleSlots.booked, scheduleSlots.capacity),
        isNull(scheduleSlots.deletedAt),
        gt(scheduleSlots.startsAt, now),
      ),
    )
    .returning()
    .get();
}

/**
 * Gives a booked seat back. A no-customer ticket's generic 00:00 slot (start = end) is sized to its
 * bookings so it never shows free: it shrinks with them. A deleted slot has no seats to give back.
 */
export function releaseSeat(tx: Tx, slotId: number): void {
  tx.update(scheduleSlots)
    .set({
      booked: sql`max(${scheduleSlots.booked} - 1, 0)`,
      capacity: sql`case when ${scheduleSlots.startsAt} = ${scheduleSlots.endsAt} then max(${scheduleSlots.capacity} - 1, 0) else ${scheduleSlots.capacity} end`,
    })
    .where(and(eq(scheduleSlots.id, slotId), isNull(scheduleSlots.deletedAt)))
    .run();
}
