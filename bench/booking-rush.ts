import { count, eq } from 'drizzle-orm';
import { insertRows } from '../db/bulk.js';
import { type Db, openDatabase } from '../db/client.js';
import { people, refreshTickets, scheduleSlots, supportTeams } from '../db/schema/index.js';
import { seedInventory, seedSystems, seedTickets } from './seed.js';

// What the two booking rushes share (the Slack modal's, bench/bookings.ts, and the web page's,
// bench/web-booking.ts): the tickets and slots they book, and the count that proves no overbooking.

export interface BookingRush {
  customers: number;
  slots: number;
  capacity: number;
  /** The warm-up's customers and slots, of a second team. */
  warmUpCustomers: number;
  warmUpSlots: number;
  /** Customer i as a person: their e-mail and, when they are in Slack, their Slack id. */
  person: (i: number) => { email: string; slackUserId: string | null };
}

/**
 * `customers` on-prem tickets of team 1 waiting for their customers to pick, and its `slots` slots
 * of `capacity` seats from tomorrow; the same for the warm-up's tickets and slots of team 2.
 * Customer i's ticket is ticket i+1.
 */
export async function seedBookingRush(url: string, rush: BookingRush): Promise<void> {
  const database = await openDatabase(url);
  const now = new Date();
  await database.db.transaction(async (tx) => {
    await seedInventory(tx, now);
    await tx.insert(supportTeams).values([
      { name: 'North', timeZone: 'America/Detroit', createdAt: now },
      { name: 'South', timeZone: 'America/Detroit', createdAt: now },
    ]);
    const customers = Array.from({ length: rush.customers + rush.warmUpCustomers }, (_, i) => i);
    await insertRows(
      tx,
      people,
      customers.map((i) => ({ ...rush.person(i), name: `Customer ${i}`, slackLookedUpAt: now })),
    );
    const personIds = new Map(
      (await tx.select({ id: people.id, email: people.email }).from(people)).map((p) => [p.email, p.id]),
    );
    const personOf = (i: number) => personIds.get(rush.person(i).email)!;
    const systemIds = await seedSystems(
      tx,
      customers.flatMap((i) => [
        { serial: `OLD${i}`, userId: personOf(i), supportTeamId: 1 },
        { serial: `NEW${i}`, supportTeamId: 1 },
      ]),
      now,
    );
    await seedTickets(
      tx,
      customers.map((i) => ({
        existingSystemId: systemIds.get(`OLD${i}`)!,
        replacementSystemId: systemIds.get(`NEW${i}`)!,
        status: 'pending_customer_scheduling' as const,
        userId: personOf(i),
        supportTeamId: i < rush.customers ? 1 : 2,
        building: 'Angell Hall',
        room: '2001',
      })),
      'U0BENCH',
      now,
    );
    const tomorrow = now.getTime() + 24 * 3_600_000;
    const slotsOf = (supportTeamId: number, n: number) =>
      Array.from({ length: n }, (_, s) => {
        const start = tomorrow + s * 3_600_000;
        return {
          supportTeamId,
          startsAt: new Date(start),
          endsAt: new Date(start + 3_600_000),
          capacity: rush.capacity,
          booked: 0,
        };
      });
    await tx.insert(scheduleSlots).values(slotsOf(1, rush.slots));
    await tx.insert(scheduleSlots).values(slotsOf(2, rush.warmUpSlots));
  });
  await database.close();
}

/** After the rush: team 1's seats and bookings, and the slots booked past capacity or miscounted. */
export async function countSeats(db: Db) {
  const slots = await db
    .select({
      id: scheduleSlots.id,
      team: scheduleSlots.supportTeamId,
      capacity: scheduleSlots.capacity,
      booked: scheduleSlots.booked,
    })
    .from(scheduleSlots);
  const counted = await db
    .select({ id: refreshTickets.scheduleSlotId, team: refreshTickets.supportTeamId, n: count() })
    .from(refreshTickets)
    .where(eq(refreshTickets.status, 'delivery_scheduled'))
    .groupBy(refreshTickets.scheduleSlotId, refreshTickets.supportTeamId);
  return {
    booked: counted.filter((row) => row.team === 1).reduce((sum, row) => sum + row.n, 0),
    seats: slots.filter((slot) => slot.team === 1).reduce((sum, slot) => sum + slot.capacity, 0),
    overbooked: slots.filter((slot) => slot.booked > slot.capacity).length,
    miscounted: slots.filter((slot) => slot.booked !== (counted.find((c) => c.id === slot.id)?.n ?? 0))
      .length,
  };
}
