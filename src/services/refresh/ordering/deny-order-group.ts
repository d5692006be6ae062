import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { orderGroups } from '../../../../db/schema/index.js';
import { denialReasonLimit } from '../../../domain/refresh/forms.js';
import { enqueueNotice } from '../../../effects/outbox.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { conflict, invalid } from '../../errors.js';
import { decidableOrderGroup } from './approve-order-group.js';
import { type OrderGroupManifest, orderGroupManifest } from './order-group-store.js';
import { OrderGroupAction } from './send-order-group-for-approval.js';

export const DenyOrderGroupInput = OrderGroupAction.extend({
  reason: z
    .string()
    .trim()
    .min(1, { error: 'Say why, so the admins know what to change.' })
    .max(denialReasonLimit, { error: `Use at most ${denialReasonLimit} characters.` }),
});
export type DenyOrderGroupInput = z.input<typeof DenyOrderGroupInput>;

/**
 * An approver of the group's configs denies its manifest with a reason: the group goes back to
 * the admins (open again, to change and send anew), and the admin who made it is told why.
 */
export async function denyOrderGroup(
  ctx: ServiceContext,
  raw: DenyOrderGroupInput,
): Promise<OrderGroupManifest> {
  const parsed = DenyOrderGroupInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => issue.message).join(' '));
  const input = parsed.data;
  const now = ctx.clock.now();
  const manifest = await ctx.db.transaction(async (tx) => {
    const group = await decidableOrderGroup(tx, input, 'deny');
    const [saved] = await tx
      .update(orderGroups)
      .set({ status: 'open', deniedBy: input.actor, denialReason: input.reason })
      .where(and(eq(orderGroups.id, group.id), eq(orderGroups.status, 'awaiting_approval')))
      .returning();
    if (!saved) throw conflict(`Order group ${group.name} changed meanwhile; nothing was changed.`);
    await recordAudit(
      tx,
      {
        entity: 'order_group',
        entityId: group.id,
        action: 'deny',
        actor: input.actor,
        changes: {
          status: { from: group.status, to: 'open' },
          denialReason: { from: null, to: input.reason },
        },
      },
      now,
    );
    await enqueueNotice(
      tx,
      {
        channel: 'slack_dm',
        recipient: group.createdBy,
        kind: 'order_group_denied',
        view: { orderGroupId: group.id, name: group.name, deniedBy: input.actor, reason: input.reason },
      },
      now,
    );
    return orderGroupManifest(tx, group.id);
  });
  ctx.noticesWritten();
  return manifest;
}
