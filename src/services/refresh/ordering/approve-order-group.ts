import { and, eq } from 'drizzle-orm';
import { orderGroups } from '../../../../db/schema/index.js';
import { orderGroupStatusPhrase } from '../../../domain/refresh/status-wording.js';
import { enqueueNotice } from '../../../effects/outbox.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { conflict, notAllowed } from '../../errors.js';
import {
  loadOrderGroup,
  type OrderGroupManifest,
  orderGroupApprovers,
  orderGroupManifest,
} from './order-group-store.js';
import { OrderGroupAction, requireSeenGroupStatus } from './send-order-group-for-approval.js';

/**
 * Final approval of an order group's manifest by one of the approvers of its tickets' configs;
 * anyone else is refused and nothing changes. The admin who made the group is told.
 */
export async function approveOrderGroup(
  ctx: ServiceContext,
  raw: OrderGroupAction,
): Promise<OrderGroupManifest> {
  const input = OrderGroupAction.parse(raw);
  const now = ctx.clock.now();
  const manifest = await ctx.db.transaction(async (tx) => {
    const group = await loadOrderGroup(tx, input.orderGroupId);
    if (!(await orderGroupApprovers(tx, group.id)).includes(input.actor)) {
      throw notAllowed(
        `Only the approvers of the configs in order group ${group.name} can approve it; nothing was changed.`,
      );
    }
    if (group.status === 'approved' || group.status === 'ordered') {
      throw conflict(
        `Order group ${group.name} was already approved${group.approvedBy ? ` by <@${group.approvedBy}>` : ''}; nothing was changed.`,
      );
    }
    requireSeenGroupStatus(group, input.seenStatus);
    const [saved] = await tx
      .update(orderGroups)
      .set({ status: 'approved', approvedBy: input.actor, approvedAt: now })
      .where(and(eq(orderGroups.id, group.id), eq(orderGroups.status, 'awaiting_approval')))
      .returning();
    if (!saved) {
      throw conflict(
        `Order group ${group.name} is ${orderGroupStatusPhrase(group.status)}; it cannot be approved now.`,
      );
    }
    await recordAudit(
      tx,
      {
        entity: 'order_group',
        entityId: group.id,
        action: 'approve',
        actor: input.actor,
        changes: { status: { from: group.status, to: 'approved' } },
      },
      now,
    );
    await enqueueNotice(
      tx,
      {
        channel: 'slack_dm',
        recipient: group.createdBy,
        kind: 'order_group_approved',
        view: { orderGroupId: group.id, name: group.name, approvedBy: input.actor },
        dedupeKey: `order_group_approved:${group.id}`,
      },
      now,
    );
    return orderGroupManifest(tx, group.id);
  });
  ctx.noticesWritten();
  return manifest;
}
