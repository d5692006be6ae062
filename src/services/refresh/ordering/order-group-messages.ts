import { and, eq, isNotNull } from 'drizzle-orm';
import { orderGroupMessages, outbox } from '../../../../db/schema/index.js';
import type { ServiceContext } from '../../context.js';

export interface MessageAt {
  channel: string;
  ts: string;
}

/** Remembers a manifest message posted for admins, so it is updated whenever the group changes. */
export async function recordOrderGroupMessage(
  ctx: Pick<ServiceContext, 'db' | 'clock'>,
  input: { orderGroupId: number } & MessageAt,
): Promise<void> {
  await ctx.db
    .insert(orderGroupMessages)
    .values({ ...input, postedAt: ctx.clock.now() })
    .onConflictDoNothing();
}

/**
 * Every copy of the group's state in Slack: the manifest messages admins work from, and the
 * approval-request DMs its approvers got (from the outbox's delivery refs).
 */
export async function orderGroupMessagesOf(
  ctx: Pick<ServiceContext, 'db'>,
  orderGroupId: number,
): Promise<{ manifests: MessageAt[]; approvalRequests: MessageAt[] }> {
  const manifests = await ctx.db
    .select({ channel: orderGroupMessages.channel, ts: orderGroupMessages.ts })
    .from(orderGroupMessages)
    .where(eq(orderGroupMessages.orderGroupId, orderGroupId))
    .orderBy(orderGroupMessages.postedAt);
  const sent = await ctx.db
    .select({ ref: outbox.deliveryRef, payload: outbox.payload })
    .from(outbox)
    .where(
      and(
        eq(outbox.notice, 'order_group_approval_requested'),
        eq(outbox.channel, 'slack_dm'),
        eq(outbox.status, 'sent'),
        isNotNull(outbox.deliveryRef),
      ),
    );
  const approvalRequests = sent.flatMap(({ ref, payload }) => {
    const [channel, ts] = (ref ?? '').split(':');
    return channel && ts && payload.orderGroupId === orderGroupId ? [{ channel, ts }] : [];
  });
  return { manifests, approvalRequests };
}
