import { and, count, eq } from 'drizzle-orm';
import { roles } from '../../../db/schema/index.js';
import { recordAudit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { conflict, notFound } from '../errors.js';
import { requireAdmin } from './access.js';
import { RoleChangeInput, resolveRoleScope } from './grant-role.js';

export function revokeRole(ctx: ServiceContext, rawInput: RoleChangeInput): { role: string; scope: string } {
  const input = RoleChangeInput.parse(rawInput);
  requireAdmin(ctx, input.actor, 'revoke roles');
  const scope = resolveRoleScope(ctx, input.role, input.scope);
  const now = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    if (input.role === 'admin') {
      const admins = tx.select({ n: count() }).from(roles).where(eq(roles.role, 'admin')).get()?.n ?? 0;
      if (admins <= 1)
        throw conflict('Otto needs at least one refresh admin; grant the role to someone else first.');
    }
    const removed = tx
      .delete(roles)
      .where(and(eq(roles.slackUserId, input.userId), eq(roles.role, input.role), eq(roles.scope, scope)))
      .returning()
      .get();
    if (!removed) throw notFound('They do not have that role; nothing changed.');
    recordAudit(
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
