import { and, asc, eq, isNull } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { scheduleSlotPreferences, scheduleSlots, supportTeams } from '../../db/schema/index.js';
import { slotGenerationJob } from '../../src/jobs/slot-generation.js';
import { generateSlots } from '../../src/services/scheduling/generate-slots.js';
import { openServiceWorld, type ServiceWorld } from '../approvals/support.js';

let sw: ServiceWorld;
afterEach(() => sw?.close());

function addRule(
  db: Db,
  teamId: number,
  overrides: Partial<typeof scheduleSlotPreferences.$inferInsert> = {},
) {
  return db
    .insert(scheduleSlotPreferences)
    .values({
      supportTeamId: teamId,
      weekdays: [1, 2, 3, 4, 5],
      startTime: '09:00',
      endTime: '11:00',
      slotMinutes: 60,
      capacity: 2,
      effectiveFrom: '2026-01-01',
      updatedBy: 'test',
      updatedAt: new Date(),
      ...overrides,
    })
    .returning()
    .get().id;
}

const slotsOf = (db: Db, teamId: number) =>
  db
    .select()
    .from(scheduleSlots)
    .where(eq(scheduleSlots.supportTeamId, teamId))
    .orderBy(asc(scheduleSlots.startsAt))
    .all();

describe('nightly slot generation', () => {
  it('makes 35 days of slots on business days, in each team’s own time zone', () => {
    // 01:00 Detroit on Friday 2026-10-30: the horizon runs to 2026-12-04, across the autumn DST
    // change and Thanksgiving week.
    sw = openServiceWorld('2026-10-30T05:00:00Z');
    const rule = addRule(sw.db, sw.world.teamId);
    const west = sw.db
      .insert(supportTeams)
      .values({ name: 'West Coast NIT', timeZone: 'America/Los_Angeles', createdAt: new Date() })
      .returning()
      .get().id;
    addRule(sw.db, west, { weekdays: [1], startTime: '08:00', endTime: '09:00' });

    const summary = generateSlots(sw.ctx, sw.clock.now());

    const slots = slotsOf(sw.db, sw.world.teamId);
    // 25 weekdays from Oct 30 to Dec 4, less Thanksgiving (Nov 26): 24 days × 2 slots.
    expect(slots).toHaveLength(48);
    expect(slots[0]).toMatchObject({
      startsAt: new Date('2026-10-30T13:00:00Z'),
      endsAt: new Date('2026-10-30T14:00:00Z'),
      capacity: 2,
      booked: 0,
      preferenceId: rule,
      deletedAt: null,
    });
    // After the change 09:00 is still 09:00 local: 14:00 UTC.
    expect(slots[2]?.startsAt).toEqual(new Date('2026-11-02T14:00:00Z'));
    const days = slots.map((s) => s.startsAt.toISOString().slice(0, 10));
    expect(days).not.toContain('2026-11-26');
    expect(days).toContain('2026-11-25');
    expect(days.at(-1)).toBe('2026-12-04');
    // Mondays 08:00 Pacific: 16:00 UTC once standard time holds.
    expect(slotsOf(sw.db, west).map((s) => s.startsAt.toISOString())).toEqual([
      '2026-11-02T16:00:00.000Z',
      '2026-11-09T16:00:00.000Z',
      '2026-11-16T16:00:00.000Z',
      '2026-11-23T16:00:00.000Z',
      '2026-11-30T16:00:00.000Z',
    ]);
    expect(summary).toEqual({ teams: 2, planned: 53, created: 53 });
  });

  it('is idempotent and never recreates a slot an admin deleted', () => {
    sw = openServiceWorld('2026-11-16T06:00:00Z');
    addRule(sw.db, sw.world.teamId);
    const first = generateSlots(sw.ctx, sw.clock.now());
    expect(first.created).toBeGreaterThan(0);
    const before = slotsOf(sw.db, sw.world.teamId);

    // An admin deletes one slot, and someone booked another meanwhile.
    const [deleted, booked] = before;
    sw.db
      .update(scheduleSlots)
      .set({ deletedAt: sw.clock.now(), deletedBy: 'U0ADMIN01' })
      .where(eq(scheduleSlots.id, deleted!.id))
      .run();
    sw.db.update(scheduleSlots).set({ booked: 1 }).where(eq(scheduleSlots.id, booked!.id)).run();

    const again = generateSlots(sw.ctx, sw.clock.now());
    expect(again).toEqual({ ...first, created: 0 });
    const after = slotsOf(sw.db, sw.world.teamId);
    expect(after).toHaveLength(before.length);
    expect(after.find((s) => s.id === deleted!.id)).toMatchObject({
      deletedAt: sw.clock.now(),
      deletedBy: 'U0ADMIN01',
    });
    expect(after.find((s) => s.id === booked!.id)?.booked).toBe(1);
    const live = sw.db
      .select()
      .from(scheduleSlots)
      .where(and(eq(scheduleSlots.startsAt, deleted!.startsAt), isNull(scheduleSlots.deletedAt)))
      .all();
    expect(live).toEqual([]);

    // A day later only the new last day is added.
    sw.clock.set(new Date('2026-11-17T06:00:00Z'));
    expect(generateSlots(sw.ctx, sw.clock.now()).created).toBe(2);
  });

  it('leaves out slots that already started, and runs as the 01:00 job', async () => {
    sw = openServiceWorld('2026-11-16T14:30:00Z');
    addRule(sw.db, sw.world.teamId);
    const job = slotGenerationJob(sw.ctx);
    expect(job).toMatchObject({ name: 'slot-generation', schedule: '0 1 * * *' });
    const result = await job.run({ now: sw.clock.now(), scheduledFor: sw.clock.now() });
    expect(result).toMatchObject({ teams: 1 });
    // 09:00 (14:00 UTC) has started; 10:00 is the first slot.
    expect(slotsOf(sw.db, sw.world.teamId)[0]?.startsAt).toEqual(new Date('2026-11-16T15:00:00Z'));
  });
});
