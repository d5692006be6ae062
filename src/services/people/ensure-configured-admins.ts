import { and, eq, isNotNull } from 'drizzle-orm';
import { audits, roles } from '../../../db/schema/index.js';
import { jsonText } from '../../../db/sql.js';
import type { ServiceContext } from '../context.js';

/**
 * The first admins come from OTTO_ADMINS and are granted at start; one whose admin role
 * was later revoked in Otto stays revoked, so the configuration cannot undo that decision.
 */
export async function ensureConfiguredAdmins(
  ctx: ServiceContext,
  adminIds: readonly string[],
): Promise<string[]> {
  const now = ctx.clock.now();
  return await ctx.db.transaction(async (tx) => {
    const granted: string[] = [];
    for (const slackUserId of adminIds) {
      const [revoked] = await tx
        .select({ id: audits.id })
        .from(audits)
        .where(
          and(
            eq(audits.entity, 'role'),
            eq(audits.entityId, slackUserId),
            eq(audits.action, 'revoked'),
            isNotNull(jsonText(audits.changes, 'admin')),
          ),
        )
        .limit(1);
      if (revoked) continue;
      const [row] = await tx
        .insert(roles)
        .values({ slackUserId, role: 'admin', scope: '', grantedBy: 'OTTO_ADMINS', grantedAt: now })
        .onConflictDoNothing()
        .returning();
      if (row) granted.push(slackUserId);
    }
    return granted;
  });
}
