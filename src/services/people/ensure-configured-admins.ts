import { and, eq, sql } from 'drizzle-orm';
import { audits, roles } from '../../../db/schema/index.js';
import type { ServiceContext } from '../context.js';

/**
 * The first admins come from OTTO_ADMINS and are granted at start; one whose admin role
 * was later revoked in Otto stays revoked, so the configuration cannot undo that decision.
 */
export function ensureConfiguredAdmins(ctx: ServiceContext, adminIds: readonly string[]): string[] {
  const now = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    const granted: string[] = [];
    for (const slackUserId of adminIds) {
      const revoked = tx
        .select({ id: audits.id })
        .from(audits)
        .where(
          and(
            eq(audits.entity, 'role'),
            eq(audits.entityId, slackUserId),
            eq(audits.action, 'revoked'),
            sql`json_extract(${audits.changes}, '$.admin') is not null`,
          ),
        )
        .get();
      if (revoked) continue;
      const row = tx
        .insert(roles)
        .values({ slackUserId, role: 'admin', scope: '', grantedBy: 'OTTO_ADMINS', grantedAt: now })
        .onConflictDoNothing()
        .returning()
        .get();
      if (row) granted.push(slackUserId);
    }
    return granted;
  });
}
