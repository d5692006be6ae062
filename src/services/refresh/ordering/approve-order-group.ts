import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { orderGroups } from '../../../../db/schema/index.js';
import { orderGroupStatusPhrase } from '../../../domain/refresh/status-wording.js';
import { enqueueNotice } from '../../../effects/outbox.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { conflict, notAllowed } from '../../errors.js';
import {
  loadOrderGroup,
  type OrderGroupManifest,
  type OrderGroupRow,
  orderGroupApprovers,
  orderGroupManifest,
} from './order-group-store.js';
import { OrderGroupAction, requireSeenGroupStatus } from './send-order-group-for-approval.js';

/**
 * The group, if the actor may decide it now: only an approver of the configs of its tickets, and
 * only while it awaits approval; anyone else, or a stale button, is refused and nothing changes.
 */
export async function decidableOrderGroup(
  db: Db | Tx,
  input: OrderGroupAction,
  doing: 'approve' | 'deny',
): Promise<OrderGroupRow> {
  const group = await loadOrderGroup(db, input.orderGroupId);
  if (!(await orderGroupApprovers(db, group.id)).includes(input.actor)) {
    throw notAllowed(
      `Only the approvers of the configs in order group ${group.name} can ${doing} it; nothing was changed.`,
    );
  }
  if (group.status === 'approved' || group.status === 'ordered') {
    throw conflict(
      `Order group ${group.name} was already approved${group.approvedBy ? ` by <@${group.approvedBy}>` : ''}; nothing was changed.`,
    );
  }
  if (group.status === 'open' && group.deniedBy) {
    throw conflict(
      `Order group ${group.name} was denied by <@${group.deniedBy}> and is back with the admins; nothing was changed.`,
    );
  }
  requireSeenGroupStatus(group, input.seenStatus);
  if (group.status !== 'awaiting_approval') {
    throw conflict(
      `Order group ${group.name} is ${orderGroupStatusPhrase(group.status)}; it cannot be ${doing === 'approve' ? 'approved' : 'denied'} now.`,
    );
  }
  return group;
}

/** What the deny form shows, checked before it opens. */
export async function getOrderGroupForDecision(
  ctx: ServiceContext,
  raw: OrderGroupAction,
): Promise<OrderGroupRow> {
  return decidableOrderGroup(ctx.db, OrderGroupAction.parse(raw), 'deny');
}

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
    const group = await decidableOrderGroup(tx, input, 'approve');
    const [saved] = await tx
      .update(orderGroups)
      .set({
        status: 'approved',
        approvedBy: input.actor,
        approvedAt: now,
        deniedBy: null,
        denialReason: null,
      })
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
