import { and, eq, sql } from 'drizzle-orm';
import { preparedFor } from '../../../db/prepared.js';
import { roles } from '../../../db/schema/index.js';
import type { RoleName } from '../../domain/enums.js';
import type { ServiceContext } from '../context.js';
import { notAllowed } from '../errors.js';

export interface HeldRole {
  role: RoleName;
  scope: string;
}

const statements = preparedFor((db) => ({
  rolesOf: db
    .select({ role: roles.role, scope: roles.scope })
    .from(roles)
    .where(eq(roles.slackUserId, sql.placeholder('userId')))
    .prepare(),
  hasGlobalRole: db
    .select({ role: roles.role })
    .from(roles)
    .where(
      and(
        eq(roles.slackUserId, sql.placeholder('userId')),
        eq(roles.role, sql.placeholder('role')),
        eq(roles.scope, ''),
      ),
    )
    .prepare(),
}));

export function rolesOf(ctx: Pick<ServiceContext, 'db'>, userId: string): HeldRole[] {
  return statements(ctx.db).rolesOf.all({ userId });
}

export function hasGlobalRole(ctx: Pick<ServiceContext, 'db'>, userId: string, role: RoleName): boolean {
  return statements(ctx.db).hasGlobalRole.get({ userId, role }) !== undefined;
}

/** Managers' rights are part of an admin's (SPEC §1: admins may do everything a manager may). */
export function isManager(ctx: Pick<ServiceContext, 'db'>, userId: string): boolean {
  return hasGlobalRole(ctx, userId, 'manager') || hasGlobalRole(ctx, userId, 'admin');
}

export function requireAdmin(ctx: Pick<ServiceContext, 'db'>, userId: string, doing: string): void {
  if (!hasGlobalRole(ctx, userId, 'admin')) throw notAllowed(`Only refresh admins can ${doing}.`);
}
