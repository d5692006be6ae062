import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { roles, supportTeams } from '../../../db/schema/index.js';
import { roleLabels, roleNames, scopedRoles } from '../../domain/enums.js';
import { SlackUserId } from '../../domain/slack-ids.js';
import { recordAudit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { requireAdmin } from './access.js';

export const RoleChangeInput = z.object({
  actor: SlackUserId,
  userId: SlackUserId,
  role: z.enum(roleNames),
  scope: z.string().trim().max(80).default(''),
});
export type RoleChangeInput = z.input<typeof RoleChangeInput>;

/**
 * Checks that a scope goes with the role: slot admins hold theirs per support team,
 * agents per support group, the others globally. Returns the scope as stored.
 */
export async function resolveRoleScope(
  ctx: ServiceContext,
  role: RoleChangeInput['role'],
  scope: string,
): Promise<string> {
  const scoped = (scopedRoles as readonly string[]).includes(role);
  if (!scoped && scope) throw invalid(`${roleLabels[role]} is not held per team; leave the team out.`);
  if (!scoped) return '';
  if (!scope)
    throw invalid(
      `${roleLabels[role]} is held per ${role === 'slot_admin' ? 'support team' : 'support group'}: name it after the role.`,
    );
  if (role !== 'slot_admin') return scope;
  const [team] = await ctx.db
    .select({ name: supportTeams.name })
    .from(supportTeams)
    .where(eq(sql`lower(${supportTeams.name})`, scope.toLowerCase()))
    .limit(1);
  if (!team) throw invalid(`There is no support team called “${scope}”.`);
  return team.name;
}

export async function grantRole(
  ctx: ServiceContext,
  rawInput: RoleChangeInput,
): Promise<{ role: string; scope: string }> {
  const input = RoleChangeInput.parse(rawInput);
  await requireAdmin(ctx, input.actor, 'grant roles');
  const scope = await resolveRoleScope(ctx, input.role, input.scope);
  const now = ctx.clock.now();
  return await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(roles)
      .values({ slackUserId: input.userId, role: input.role, scope, grantedBy: input.actor, grantedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!inserted) throw conflict('They already have that role; nothing changed.');
    await recordAudit(
      tx,
      {
        entity: 'role',
        entityId: input.userId,
        action: 'granted',
        actor: input.actor,
        changes: { [input.role]: { from: null, to: scope || 'global' } },
      },
      now,
    );
    return { role: input.role, scope };
  });
}
