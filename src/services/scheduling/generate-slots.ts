import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { insertRows } from '../../../db/bulk.js';
import type { Tx } from '../../../db/client.js';
import { scheduleSlotPreferences, scheduleSlots, supportTeams } from '../../../db/schema/index.js';
import { zoneFormat } from '../../domain/calendar/format-date-time.js';
import { addDays } from '../../domain/calendar/index.js';
import { type SlotPreference, slotsFor } from '../../domain/scheduling/index.js';
import type { ServiceContext } from '../context.js';

/** SPEC: slots are made this many days ahead. */
export const generationHorizonDays = 35;

export interface GenerationSummary {
  teams: number;
  /** Slots the rules call for in the horizon, already existing or deleted ones included. */
  planned: number;
  created: number;
}

type NewSlot = typeof scheduleSlots.$inferInsert;

/**
 * Inserts the slots not there yet (the 61,000 of a night in multi-row statements); returns how
 * many were created. `do nothing` on (team, start) keeps existing slots and deleted ones
 * (tombstones) as they are.
 */
async function insertSlots(tx: Tx, rows: NewSlot[]): Promise<number> {
  const { count } = await insertRows(tx, scheduleSlots, rows, {
    onConflictDoNothing: ['supportTeamId', 'startsAt'],
  });
  return count;
}

/**
 * The nightly run: every team's slots from today to `generationHorizonDays` ahead, on the
 * organisation's business days, wall clock in the team's own zone; slots already started are
 * left out. Running it twice creates nothing the second time.
 */
export async function generateSlots(
  ctx: ServiceContext,
  now: Date,
  onlyTeamId?: number,
): Promise<GenerationSummary> {
  const { db, calendar } = ctx;
  return await db.transaction(async (tx) => {
    const teams = await tx
      .select({ id: supportTeams.id, timeZone: supportTeams.timeZone })
      .from(supportTeams)
      .where(onlyTeamId === undefined ? undefined : eq(supportTeams.id, onlyTeamId))
      .orderBy(asc(supportTeams.id));
    const rulesByTeam = new Map<number, SlotPreference[]>();
    const preferences = await tx
      .select({
        id: scheduleSlotPreferences.id,
        supportTeamId: scheduleSlotPreferences.supportTeamId,
        weekdays: scheduleSlotPreferences.weekdays,
        startTime: scheduleSlotPreferences.startTime,
        endTime: scheduleSlotPreferences.endTime,
        slotMinutes: scheduleSlotPreferences.slotMinutes,
        capacity: scheduleSlotPreferences.capacity,
        effectiveFrom: scheduleSlotPreferences.effectiveFrom,
        effectiveTo: scheduleSlotPreferences.effectiveTo,
      })
      .from(scheduleSlotPreferences)
      .where(onlyTeamId === undefined ? undefined : eq(scheduleSlotPreferences.supportTeamId, onlyTeamId));
    for (const { supportTeamId, ...rule } of preferences) {
      const rules = rulesByTeam.get(supportTeamId) ?? [];
      rules.push(rule);
      rulesByTeam.set(supportTeamId, rules);
    }

    const nowMs = now.getTime();
    const isBusinessDay = (day: string) => calendar.isBusinessDay(day);
    let planned = 0;
    const pending: NewSlot[] = [];
    for (const team of teams) {
      const rules = rulesByTeam.get(team.id);
      if (!rules) continue;
      const today = localDate(now, team.timeZone);
      const slots = slotsFor(
        rules,
        today,
        addDays(today, generationHorizonDays),
        isBusinessDay,
        team.timeZone,
      );
      for (const slot of slots) {
        if (slot.startsAt.getTime() <= nowMs) continue;
        planned++;
        pending.push({
          supportTeamId: team.id,
          preferenceId: slot.preferenceId,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          capacity: slot.capacity,
          booked: 0,
        });
      }
    }
    const created = await insertSlots(tx, pending);
    return { teams: rulesByTeam.size, planned, created };
  });
}

/** The instant's calendar date in the zone ('en-CA' formats as YYYY-MM-DD). */
function localDate(instant: Date, timeZone: string): string {
  return zoneFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }, timeZone).format(instant);
}

/**
 * A rule was edited or removed: its future slots nobody booked go (they were never published to
 * anyone), so the next generation lays the team out by the rules as they are now. Booked slots
 * stay with their bookings, and deleted ones stay as tombstones. Returns how many went.
 */
export async function withdrawUnbookedSlots(tx: Tx, preferenceId: number, now: Date): Promise<number> {
  const withdrawn = await tx
    .delete(scheduleSlots)
    .where(
      and(
        eq(scheduleSlots.preferenceId, preferenceId),
        eq(scheduleSlots.booked, 0),
        isNull(scheduleSlots.deletedAt),
        gt(scheduleSlots.startsAt, now),
      ),
    )
    .returning({ id: scheduleSlots.id });
  return withdrawn.length;
}
