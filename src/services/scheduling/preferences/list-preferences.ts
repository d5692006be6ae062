import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { roles, scheduleSlotPreferences, supportTeams } from '../../../../db/schema/index.js';
import type { SlotPreference } from '../../../domain/scheduling/index.js';

// A function, not a constant: the tables are PostgreSQL's once a PostgreSQL database is open.
const preferenceColumns = () => ({
  id: scheduleSlotPreferences.id,
  weekdays: scheduleSlotPreferences.weekdays,
  startTime: scheduleSlotPreferences.startTime,
  endTime: scheduleSlotPreferences.endTime,
  slotMinutes: scheduleSlotPreferences.slotMinutes,
  capacity: scheduleSlotPreferences.capacity,
  effectiveFrom: scheduleSlotPreferences.effectiveFrom,
  effectiveTo: scheduleSlotPreferences.effectiveTo,
});

/** A team's weekly rules, by first weekday and start time. */
export async function listPreferences(tx: Db | Tx, teamId: number): Promise<SlotPreference[]> {
  const rules = await tx
    .select(preferenceColumns())
    .from(scheduleSlotPreferences)
    .where(eq(scheduleSlotPreferences.supportTeamId, teamId))
    .orderBy(asc(scheduleSlotPreferences.id));
  return rules.sort(
    (a, b) => Math.min(...a.weekdays) - Math.min(...b.weekdays) || a.startTime.localeCompare(b.startTime),
  );
}

export interface TeamPreferences {
  teamId: number;
  team: string;
  timeZone: string;
  rules: SlotPreference[];
}

/** The rules of every team `userId` is a schedule slot admin of, for the App Home. */
export async function slotAdminPreferences(db: Db, userId: string): Promise<TeamPreferences[]> {
  const scopes = db
    .select({ scope: roles.scope })
    .from(roles)
    .where(and(eq(roles.slackUserId, userId), eq(roles.role, 'slot_admin')));
  const teams = await db
    .select({ teamId: supportTeams.id, team: supportTeams.name, timeZone: supportTeams.timeZone })
    .from(supportTeams)
    .where(inArray(supportTeams.name, scopes))
    .orderBy(asc(supportTeams.name));
  const result: TeamPreferences[] = [];
  for (const team of teams) result.push({ ...team, rules: await listPreferences(db, team.teamId) });
  return result;
}
