import { and, count, eq } from 'drizzle-orm';
import { roles } from '../../../db/schema/index.js';
import { recordAudit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { conflict, notFound } from '../errors.js';
import { requireAdmin } from './access.js';
import { RoleChangeInput, resolveRoleScope } from './grant-role.js';

export async function revokeRole(
  ctx: ServiceContext,
  rawInput: RoleChangeInput,
): Promise<{ role: string; scope: string }> {
  const input = RoleChangeInput.parse(rawInput);
  await requireAdmin(ctx, input.actor, 'revoke roles');
  const scope = await resolveRoleScope(ctx, input.role, input.scope);
  const now = ctx.clock.now();
  return await ctx.db.transaction(async (tx) => {
    if (input.role === 'admin') {
      const admins = (await tx.select({ n: count() }).from(roles).where(eq(roles.role, 'admin')))[0]?.n ?? 0;
      if (admins <= 1)
        throw conflict('Otto needs at least one refresh admin; grant the role to someone else first.');
    }
    const [removed] = await tx
      .delete(roles)
      .where(and(eq(roles.slackUserId, input.userId), eq(roles.role, input.role), eq(roles.scope, scope)))
      .returning();
    if (!removed) throw notFound('They do not have that role; nothing changed.');
    await recordAudit(
      tx,
      {
        entity: 'role',
        entityId: input.userId,
        action: 'revoked',
        actor: input.actor,
        changes: { [input.role]: { from: scope || 'global', to: null } },
      },
      now,
    );
    return { role: input.role, scope };
  });
}
