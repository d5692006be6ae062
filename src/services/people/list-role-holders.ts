import { asc } from 'drizzle-orm';
import { roles } from '../../../db/schema/index.js';
import type { RoleName } from '../../domain/enums.js';
import type { ServiceContext } from '../context.js';
import { requireAdmin } from './access.js';

export interface RoleHolder {
  userId: string;
  role: RoleName;
  scope: string;
  grantedBy: string;
  grantedAt: Date;
}

export async function listRoleHolders(ctx: ServiceContext, actor: string): Promise<RoleHolder[]> {
  await requireAdmin(ctx, actor, 'see who holds which role');
  return await ctx.db
    .select({
      userId: roles.slackUserId,
      role: roles.role,
      scope: roles.scope,
      grantedBy: roles.grantedBy,
      grantedAt: roles.grantedAt,
    })
    .from(roles)
    .orderBy(asc(roles.role), asc(roles.scope), asc(roles.grantedAt));
}
