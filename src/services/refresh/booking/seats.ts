import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { scheduleSlots } from '../../../../db/schema/index.js';
import { greatest } from '../../../../db/sql.js';
import type { SlotRow } from '../delivery/book-generic-slot.js';
import type { TicketRow } from '../tickets/load-ticket.js';

// Every booking runs these: prepared once per database.
const statements = preparedFor((db: Db | Tx) => ({
  slot: prepared(
    db
      .select()
      .from(scheduleSlots)
      .where(eq(scheduleSlots.id, sql.placeholder('id'))),
    'seats-slot',
  ),
  takeSeat: prepared(
    db
      .update(scheduleSlots)
      .set({ booked: sql`${scheduleSlots.booked} + 1` })
      .where(
        and(
          eq(scheduleSlots.id, sql.placeholder('id')),
          lt(scheduleSlots.booked, scheduleSlots.capacity),
          isNull(scheduleSlots.deletedAt),
          gt(scheduleSlots.startsAt, sql.placeholder('now')),
        ),
      )
      .returning(),
    'seats-take-seat',
  ),
  releaseSeat: prepared(
    db
      .update(scheduleSlots)
      .set({
        booked: greatest(sql`${scheduleSlots.booked} - 1`, 0),
        capacity: sql`case when ${scheduleSlots.startsAt} = ${scheduleSlots.endsAt} then ${greatest(sql`${scheduleSlots.capacity} - 1`, 0)} else ${scheduleSlots.capacity} end`,
      })
      .where(and(eq(scheduleSlots.id, sql.placeholder('id')), isNull(scheduleSlots.deletedAt))),
    'seats-release-seat',
  ),
}));

/** A slot by its id (deleted slots included). */
export async function findSlot(tx: Db | Tx, slotId: number): Promise<SlotRow | undefined> {
  return (await statements(tx).slot.execute({ id: slotId }))[0];
}

/** The slot a ticket is booked on, if any (deleted slots included). */
export async function bookedSlotOf(
  tx: Db | Tx,
  ticket: Pick<TicketRow, 'scheduleSlotId'>,
): Promise<SlotRow | undefined> {
  return ticket.scheduleSlotId === null ? undefined : findSlot(tx, ticket.scheduleSlotId);
}

/**
 * Takes one seat of a future, undeleted slot with a seat left, with one guarded update: the row is
 * written by one transaction at a time (SQLite runs one writer; PostgreSQL re-reads the row an
 * update waited for), so two presses on the last seat can never both get it. Undefined when the
 * slot is full, deleted or already started.
 */
export async function takeSeat(tx: Tx, slotId: number, now: Date): Promise<SlotRow | undefined> {
  // A placeholder in a where clause is bound as given: the instant as a Date.
  return (await statements(tx).takeSeat.execute({ id: slotId, now }))[0];
}

/**
 * Gives a booked seat back. A no-customer ticket's generic 00:00 slot (start = end) is sized to its
 * bookings so it never shows free: it shrinks with them. A deleted slot has no seats to give back.
 */
export async function releaseSeat(tx: Tx, slotId: number): Promise<void> {
  await statements(tx).releaseSeat.execute({ id: slotId });
}
