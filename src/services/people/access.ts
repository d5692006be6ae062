import { and, eq, sql } from 'drizzle-orm';
import { prepared, preparedFor } from '../../../db/prepared.js';
import { roles } from '../../../db/schema/index.js';
import type { RoleName } from '../../domain/enums.js';
import type { ServiceContext } from '../context.js';
import { notAllowed } from '../errors.js';

export interface HeldRole {
  role: RoleName;
  scope: string;
}

const statements = preparedFor((db) => ({
  rolesOf: prepared(
    db
      .select({ role: roles.role, scope: roles.scope })
      .from(roles)
      .where(eq(roles.slackUserId, sql.placeholder('userId'))),
    'access-roles-of',
  ),
  hasGlobalRole: prepared(
    db
      .select({ role: roles.role })
      .from(roles)
      .where(
        and(
          eq(roles.slackUserId, sql.placeholder('userId')),
          eq(roles.role, sql.placeholder('role')),
          eq(roles.scope, ''),
        ),
      ),
    'access-has-global-role',
  ),
}));

export async function rolesOf(ctx: Pick<ServiceContext, 'db'>, userId: string): Promise<HeldRole[]> {
  return await statements(ctx.db).rolesOf.execute({ userId });
}

export async function hasGlobalRole(
  ctx: Pick<ServiceContext, 'db'>,
  userId: string,
  role: RoleName,
): Promise<boolean> {
  return (await statements(ctx.db).hasGlobalRole.execute({ userId, role }))[0] !== undefined;
}

/** Managers' rights are part of an admin's (SPEC §1: admins may do everything a manager may). */
export async function isManager(ctx: Pick<ServiceContext, 'db'>, userId: string): Promise<boolean> {
  return (await hasGlobalRole(ctx, userId, 'manager')) || (await hasGlobalRole(ctx, userId, 'admin'));
}

export async function requireAdmin(
  ctx: Pick<ServiceContext, 'db'>,
  userId: string,
  doing: string,
): Promise<void> {
  if (!(await hasGlobalRole(ctx, userId, 'admin'))) throw notAllowed(`Only refresh admins can ${doing}.`);
}
