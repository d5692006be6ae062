import { and, eq, isNotNull } from 'drizzle-orm';
import { outbox } from '../../../../db/schema/index.js';
import type { ServiceContext } from '../../context.js';

/**
 * The approval-request DMs Otto sent for a ticket (from the outbox's delivery refs), so a
 * decision made anywhere can turn every approver's buttons into the outcome.
 */
export async function approvalRequestMessages(
  ctx: Pick<ServiceContext, 'db'>,
  ticketId: number,
): Promise<Array<{ channel: string; ts: string }>> {
  const rows = await ctx.db
    .select({ ref: outbox.deliveryRef })
    .from(outbox)
    .where(
      and(
        eq(outbox.ticketId, ticketId),
        eq(outbox.notice, 'approval_requested'),
        eq(outbox.channel, 'slack_dm'),
        eq(outbox.status, 'sent'),
        isNotNull(outbox.deliveryRef),
      ),
    );
  return rows.flatMap(({ ref }) => {
    const [channel, ts] = (ref ?? '').split(':');
    return channel && ts ? [{ channel, ts }] : [];
  });
}
