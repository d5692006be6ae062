import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { roles, supportTeams } from '../../../../db/schema/index.js';
import { notAllowed, notFound } from '../../errors.js';

export interface SlotAdminTeam {
  id: number;
  name: string;
  timeZone: string;
}

/** The team, if `userId` is one of its schedule slot admins (`slot_admin` scoped to its name). */
export async function requireSlotAdminOf(
  tx: Db | Tx,
  userId: string,
  teamId: number,
): Promise<SlotAdminTeam> {
  const [team] = await tx
    .select({ id: supportTeams.id, name: supportTeams.name, timeZone: supportTeams.timeZone })
    .from(supportTeams)
    .where(eq(supportTeams.id, teamId))
    .limit(1);
  if (!team) throw notFound('That support team no longer exists.');
  const [held] = await tx
    .select({ role: roles.role })
    .from(roles)
    .where(and(eq(roles.slackUserId, userId), eq(roles.role, 'slot_admin'), eq(roles.scope, team.name)))
    .limit(1);
  if (!held) throw notAllowed(`Only schedule slot admins of ${team.name} can change its slot rules.`);
  return team;
}
