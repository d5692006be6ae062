import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { preparedFor } from '../../../db/prepared.js';
import { scheduleSlotPreferences, scheduleSlots, supportTeams } from '../../../db/schema/index.js';
import { zoneFormat } from '../../domain/calendar/format-date-time.js';
import { addDays } from '../../domain/calendar/index.js';
import { type SlotPreference, slotsFor } from '../../domain/scheduling/index.js';
import type { ServiceContext } from '../context.js';
import { sqliteOf } from '../sqlite-of.js';

/** SPEC: slots are made this many days ahead. */
export const generationHorizonDays = 35;

export interface GenerationSummary {
  teams: number;
  /** Slots the rules call for in the horizon, already existing or deleted ones included. */
  planned: number;
  created: number;
}

// Raw multi-row inserts on the driver, prepared once: the 61,000 slots of a night cost a few
// statements each through drizzle, one per `batchRows` slots here. `do nothing` on (team, start)
// keeps existing slots and deleted ones (tombstones) as they are.
const batchRows = 100;
const insertSql = (rows: number) =>
  `insert into schedule_slots (support_team_id, preference_id, starts_at, ends_at, capacity, booked) values ${Array(
    rows,
  )
    .fill('(?, ?, ?, ?, ?, 0)')
    .join(', ')} on conflict (support_team_id, starts_at) do nothing`;
const statements = preparedFor((db) => {
  const sqlite = sqliteOf(db);
  return { one: sqlite.prepare(insertSql(1)), batch: sqlite.prepare(insertSql(batchRows)) };
});

/**
 * The nightly run: every team's slots from today to `generationHorizonDays` ahead, on the
 * organisation's business days, wall clock in the team's own zone; slots already started are
 * left out. Running it twice creates nothing the second time.
 */
export function generateSlots(ctx: ServiceContext, now: Date, onlyTeamId?: number): GenerationSummary {
  const { db, calendar } = ctx;
  const insert = statements(db);
  return db.transaction((tx) => {
    const teams = tx
      .select({ id: supportTeams.id, timeZone: supportTeams.timeZone })
      .from(supportTeams)
      .where(onlyTeamId === undefined ? undefined : eq(supportTeams.id, onlyTeamId))
      .orderBy(asc(supportTeams.id))
      .all();
    const rulesByTeam = new Map<number, SlotPreference[]>();
    for (const { supportTeamId, ...rule } of tx
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
      .where(onlyTeamId === undefined ? undefined : eq(scheduleSlotPreferences.supportTeamId, onlyTeamId))
      .all()) {
      const rules = rulesByTeam.get(supportTeamId) ?? [];
      rules.push(rule);
      rulesByTeam.set(supportTeamId, rules);
    }

    const nowMs = now.getTime();
    const isBusinessDay = (day: string) => calendar.isBusinessDay(day);
    let planned = 0;
    let created = 0;
    let pending: number[] = [];
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
        pending.push(
          team.id,
          slot.preferenceId,
          slot.startsAt.getTime(),
          slot.endsAt.getTime(),
          slot.capacity,
        );
        if (pending.length === batchRows * 5) {
          created += insert.batch.run(pending).changes;
          pending = [];
        }
      }
    }
    for (let i = 0; i < pending.length; i += 5) created += insert.one.run(pending.slice(i, i + 5)).changes;
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
export function withdrawUnbookedSlots(tx: Tx, preferenceId: number, now: Date): number {
  return tx
    .delete(scheduleSlots)
    .where(
      and(
        eq(scheduleSlots.preferenceId, preferenceId),
        eq(scheduleSlots.booked, 0),
        isNull(scheduleSlots.deletedAt),
        gt(scheduleSlots.startsAt, now),
      ),
    )
    .run().changes;
}
