import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { roles, scheduleSlotPreferences, supportTeams } from '../../../../db/schema/index.js';
import type { SlotPreference } from '../../../domain/scheduling/index.js';

const preferenceColumns = {
  id: scheduleSlotPreferences.id,
  weekdays: scheduleSlotPreferences.weekdays,
  startTime: scheduleSlotPreferences.startTime,
  endTime: scheduleSlotPreferences.endTime,
  slotMinutes: scheduleSlotPreferences.slotMinutes,
  capacity: scheduleSlotPreferences.capacity,
  effectiveFrom: scheduleSlotPreferences.effectiveFrom,
  effectiveTo: scheduleSlotPreferences.effectiveTo,
};

/** A team's weekly rules, by first weekday and start time. */
export function listPreferences(tx: Db | Tx, teamId: number): SlotPreference[] {
  return tx
    .select(preferenceColumns)
    .from(scheduleSlotPreferences)
    .where(eq(scheduleSlotPreferences.supportTeamId, teamId))
    .orderBy(asc(scheduleSlotPreferences.id))
    .all()
    .sort(
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
export function slotAdminPreferences(db: Db, userId: string): TeamPreferences[] {
  const scopes = db
    .select({ scope: roles.scope })
    .from(roles)
    .where(and(eq(roles.slackUserId, userId), eq(roles.role, 'slot_admin')));
  return db
    .select({ teamId: supportTeams.id, team: supportTeams.name, timeZone: supportTeams.timeZone })
    .from(supportTeams)
    .where(inArray(supportTeams.name, scopes))
    .orderBy(asc(supportTeams.name))
    .all()
    .map((team) => ({ ...team, rules: listPreferences(db, team.teamId) }));
}
