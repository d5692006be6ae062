import { and, asc, eq, isNull } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { roles, scheduleSlotPreferences, scheduleSlots, supportTeams } from '../../../db/schema/index.js';
import { slotGenerationJob } from '../../../src/jobs/scheduling/slot-generation.js';
import { generateSlots } from '../../../src/services/scheduling/generate-slots.js';
import { removePreference } from '../../../src/services/scheduling/preferences/remove-preference.js';
import { savePreference } from '../../../src/services/scheduling/preferences/save-preference.js';
import { openServiceWorld, type ServiceWorld } from '../../helpers/world.js';

let sw: ServiceWorld;
afterEach(() => sw?.close());

async function addRule(
  db: Db,
  teamId: number,
  overrides: Partial<typeof scheduleSlotPreferences.$inferInsert> = {},
) {
  return (
    await db
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
  )[0]!.id;
}

const slotsOf = async (db: Db, teamId: number) =>
  db
    .select()
    .from(scheduleSlots)
    .where(eq(scheduleSlots.supportTeamId, teamId))
    .orderBy(asc(scheduleSlots.startsAt));

describe('nightly slot generation', () => {
  it('makes 35 days of slots on business days, in each team’s own time zone', async () => {
    // 01:00 Detroit on Friday 2026-10-30: the horizon runs to 2026-12-04, across the autumn DST
    // change and Thanksgiving week.
    sw = await openServiceWorld('2026-10-30T05:00:00Z');
    const rule = await addRule(sw.db, sw.world.teamId);
    const west = (
      await sw.db
        .insert(supportTeams)
        .values({ name: 'West Coast NIT', timeZone: 'America/Los_Angeles', createdAt: new Date() })
        .returning()
    )[0]!.id;
    await addRule(sw.db, west, { weekdays: [1], startTime: '08:00', endTime: '09:00' });

    const summary = await generateSlots(sw.ctx, sw.clock.now());

    const slots = await slotsOf(sw.db, sw.world.teamId);
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
    expect((await slotsOf(sw.db, west)).map((s) => s.startsAt.toISOString())).toEqual([
      '2026-11-02T16:00:00.000Z',
      '2026-11-09T16:00:00.000Z',
      '2026-11-16T16:00:00.000Z',
      '2026-11-23T16:00:00.000Z',
      '2026-11-30T16:00:00.000Z',
    ]);
    expect(summary).toEqual({ teams: 2, planned: 53, created: 53 });
  });

  it('is idempotent and never recreates a slot an admin deleted', async () => {
    sw = await openServiceWorld('2026-11-16T06:00:00Z');
    await addRule(sw.db, sw.world.teamId);
    const first = await generateSlots(sw.ctx, sw.clock.now());
    expect(first.created).toBeGreaterThan(0);
    const before = await slotsOf(sw.db, sw.world.teamId);

    // An admin deletes one slot, and someone booked another meanwhile.
    const [deleted, booked] = before;
    await sw.db
      .update(scheduleSlots)
      .set({ deletedAt: sw.clock.now(), deletedBy: 'U0ADMIN01' })
      .where(eq(scheduleSlots.id, deleted!.id));
    await sw.db.update(scheduleSlots).set({ booked: 1 }).where(eq(scheduleSlots.id, booked!.id));

    const again = await generateSlots(sw.ctx, sw.clock.now());
    expect(again).toEqual({ ...first, created: 0 });
    const after = await slotsOf(sw.db, sw.world.teamId);
    expect(after).toHaveLength(before.length);
    expect(after.find((s) => s.id === deleted!.id)).toMatchObject({
      deletedAt: sw.clock.now(),
      deletedBy: 'U0ADMIN01',
    });
    expect(after.find((s) => s.id === booked!.id)?.booked).toBe(1);
    const live = await sw.db
      .select()
      .from(scheduleSlots)
      .where(and(eq(scheduleSlots.startsAt, deleted!.startsAt), isNull(scheduleSlots.deletedAt)));
    expect(live).toEqual([]);

    // A day later only the new last day is added.
    sw.clock.set(new Date('2026-11-17T06:00:00Z'));
    expect((await generateSlots(sw.ctx, sw.clock.now())).created).toBe(2);
  });

  it('leaves out slots that already started, and runs as the 01:00 job', async () => {
    sw = await openServiceWorld('2026-11-16T14:30:00Z');
    await addRule(sw.db, sw.world.teamId);
    const job = slotGenerationJob(sw.ctx);
    expect(job).toMatchObject({ name: 'slot-generation', schedule: '0 1 * * *' });
    const result = await job.run({ now: sw.clock.now(), scheduledFor: sw.clock.now() });
    expect(result).toMatchObject({ teams: 1 });
    // 09:00 (14:00 UTC) has started; 10:00 is the first slot.
    expect((await slotsOf(sw.db, sw.world.teamId))[0]?.startsAt).toEqual(new Date('2026-11-16T15:00:00Z'));
  });
});

describe('editing the weekly rules reshapes the team’s future slots', () => {
  const rule = {
    weekdays: [1, 2, 3, 4, 5],
    startTime: '09:00',
    endTime: '11:00',
    slotMinutes: 60,
    capacity: 2,
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
  };

  it('withdraws the unbooked slots of an edited or removed rule and generates at once; bookings and deletions stay', async () => {
    // Mon 16 Nov, 07:00 in Detroit.
    sw = await openServiceWorld('2026-11-16T12:00:00Z');
    const { db, ctx, world } = sw;
    await db.insert(roles).values({
      slackUserId: LEAD,
      role: 'slot_admin',
      scope: 'North Campus NIT',
      grantedBy: 'test',
      grantedAt: new Date(),
    });
    const saved = await savePreference(ctx, { actor: LEAD, teamId: world.teamId, rule });
    if (!saved.ok) throw new Error('the rule should be valid');
    // Saving makes the slots at once, not at 01:00.
    const first = await slotsOf(db, world.teamId);
    expect(first.length).toBeGreaterThan(40);
    expect(
      first.every((slot) => localTime(slot.startsAt) === '09:00' || localTime(slot.startsAt) === '10:00'),
    ).toBe(true);
    const [booked, deleted] = first;
    await db.update(scheduleSlots).set({ booked: 1 }).where(eq(scheduleSlots.id, booked!.id));
    await db
      .update(scheduleSlots)
      .set({ deletedAt: new Date(), deletedBy: LEAD })
      .where(eq(scheduleSlots.id, deleted!.id));

    // The afternoon instead of the morning.
    const edited = await savePreference(ctx, {
      actor: LEAD,
      teamId: world.teamId,
      preferenceId: saved.preference.id,
      rule: { ...rule, startTime: '13:00', endTime: '15:00' },
    });
    expect(edited.ok).toBe(true);
    const after = await slotsOf(db, world.teamId);
    const mornings = after.filter((slot) => ['09:00', '10:00'].includes(localTime(slot.startsAt)));
    expect(mornings.map((slot) => slot.id)).toEqual([booked!.id, deleted!.id]);
    expect(after.filter((slot) => localTime(slot.startsAt) === '13:00')).toHaveLength(first.length / 2);

    await removePreference(ctx, { actor: LEAD, teamId: world.teamId, preferenceId: saved.preference.id });
    expect((await slotsOf(db, world.teamId)).map((slot) => slot.id)).toEqual([booked!.id, deleted!.id]);
    // The nightly run has no rule to make slots from.
    expect((await generateSlots(ctx, sw.clock.now())).created).toBe(0);
  });
});

const LEAD = 'U0LEAD0001';
const localTime = (instant: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'America/Detroit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(instant);
