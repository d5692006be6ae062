import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { configApprovers, refreshConfigs } from '../../../../db/schema/index.js';
import { notAllowed } from '../../errors.js';
import type { TicketRow } from '../tickets/load-ticket.js';
import { describeTicketState } from '../tickets/ticket-state.js';

/** Approvers are named on the ticket's Refresh Config (SPEC §1); no role stands in for that. */
export async function isApproverOf(db: Db | Tx, userId: string, configId: number): Promise<boolean> {
  const rows = await db
    .select({ configId: configApprovers.configId })
    .from(configApprovers)
    .where(and(eq(configApprovers.configId, configId), eq(configApprovers.slackUserId, userId)))
    .limit(1);
  return rows.length > 0;
}

/** Refuses anyone who is not an approver of the ticket's config, saying where the ticket stands. */
export async function requireApproverOf(
  tx: Db | Tx,
  userId: string,
  ticket: TicketRow,
  doing: string,
): Promise<void> {
  if (await isApproverOf(tx, userId, ticket.configId)) return;
  const [config] = await tx
    .select({ name: refreshConfigs.name })
    .from(refreshConfigs)
    .where(eq(refreshConfigs.id, ticket.configId))
    .limit(1);
  throw notAllowed(
    `Only the approvers of ${config ? `the config “${config.name}”` : 'its config'} can ${doing} refresh #${ticket.id}; nothing was changed (${describeTicketState(ticket)}).`,
  );
}
