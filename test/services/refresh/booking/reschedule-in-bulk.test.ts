import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { refreshTickets, scheduleSlots } from '../../../../db/schema/index.js';
import { ServiceError } from '../../../../src/services/errors.js';
import { bookSlot } from '../../../../src/services/refresh/booking/book-slot.js';
import { rescheduleInBulk } from '../../../../src/services/refresh/booking/reschedule-in-bulk.js';
import { ADMIN, CUSTOMER, MANAGER, makeSlot, makeSystem, makeTicket } from '../../../helpers/factories.js';
import { times } from '../../../helpers/in-order.js';
import { openServiceWorld, type ServiceWorld, snapshot } from '../../../helpers/world.js';

let sw: ServiceWorld;
afterEach(() => sw.close());

/** `count` tickets of the customer booked on the slot. */
async function bookMany(slotId: number, count: number) {
  return times(count, async () => {
    const replacement = await makeSystem(sw.db, sw.world, {
      userId: null,
      modelId: sw.world.models.latitude,
    });
    const ticket = await makeTicket(sw.db, sw.world, {
      status: 'pending_customer_scheduling',
      replacementSystemId: replacement.id,
    });
    expect((await bookSlot(sw.ctx, { actor: CUSTOMER, ticketId: ticket.id, slotId })).booked).toBe(true);
    return ticket.id;
  });
}

const ticketRow = async (id: number) =>
  (await sw.db.select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;
const slotRow = async (id: number) =>
  (await sw.db.select().from(scheduleSlots).where(eq(scheduleSlots.id, id)).limit(1))[0]!;

describe('bulk reschedule', () => {
  it('reports progress as it goes, fills the next free seats in order and lists the tickets it could not move', async () => {
    // Tue 17 Nov, 10:00 in Detroit.
    sw = await openServiceWorld('2026-11-17T15:00:00Z');
    const range = await makeSlot(sw.db, sw.world, '2026-11-23T15:00:00Z', 60);
    const later = await makeSlot(sw.db, sw.world, '2026-11-30T15:00:00Z', 40);
    const tickets = await bookMany(range.id, 60);
    const progress: Array<[number, number]> = [];

    const result = await rescheduleInBulk(
      sw.ctx,
      { actor: ADMIN, supportTeamId: sw.world.teamId, from: '2026-11-23', to: '2026-11-23', mode: 'assign' },
      (done, total) => {
        progress.push([done, total]);
      },
    );

    expect(progress).toEqual([
      [25, 60],
      [50, 60],
    ]);
    expect(result.moved).toHaveLength(40);
    expect(result.skipped).toEqual(
      tickets.slice(40).map((ticketId) => ({ ticketId, reason: 'no free time left after 2026-11-23' })),
    );
    expect((await slotRow(later.id)).booked).toBe(40);
    expect((await slotRow(range.id)).booked).toBe(20);
    expect((await ticketRow(tickets[0]!)).scheduleSlotId).toBe(later.id);
    expect((await ticketRow(tickets[59]!)).scheduleSlotId).toBe(range.id);
  });

  it('refuses anyone but admins, and a range the wrong way round, changing nothing', async () => {
    sw = await openServiceWorld('2026-11-17T15:00:00Z');
    const slot = await makeSlot(sw.db, sw.world, '2026-11-23T15:00:00Z', 2);
    await bookMany(slot.id, 2);
    const before = await snapshot(sw.db);
    const attempt = async (actor: string, from: string, to: string) => {
      try {
        await rescheduleInBulk(sw.ctx, { actor, supportTeamId: sw.world.teamId, from, to, mode: 'ask' });
      } catch (error) {
        return error instanceof ServiceError ? `${error.kind}: ${error.message}` : 'unexpected';
      }
      return 'done';
    };
    expect(await attempt(MANAGER, '2026-11-23', '2026-11-23')).toBe(
      'not_allowed: Only refresh admins can reschedule in bulk.',
    );
    expect(await attempt(ADMIN, '2026-11-24', '2026-11-23')).toBe(
      'invalid: The last day must not be before the first.',
    );
    expect(await attempt(ADMIN, '2026-11-23', '2027-02-23')).toBe(
      'invalid: One bulk reschedule covers at most 62 days.',
    );
    expect(await attempt(ADMIN, '2026-11-31', '2026-12-01')).toBe(
      'invalid: Pick a team, a first and a last day, and what to do.',
    );
    expect(await snapshot(sw.db)).toEqual(before);
  });
});
