import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { orderGroups } from '../../../../db/schema/index.js';
import { orderGroupStatusPhrase } from '../../../domain/refresh/status-wording.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { conflict, ServiceError } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';
import { loadOrderGroup, type OrderGroupManifest, orderGroupManifest } from './order-group-store.js';

const reference = (what: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `Enter the ${what}.` })
    .max(60, { error: `A ${what} has at most 60 characters.` });

export const RecordOrderGroupPoInput = z.object({
  actor: SlackUserId,
  orderGroupId: z.number().int().positive(),
  poNumber: reference('PO number'),
  requestItem: reference('request item'),
});
export type RecordOrderGroupPoInput = z.input<typeof RecordOrderGroupPoInput>;

/** A bad PO number or request item, for the form to show beside its field. */
export class PoFieldError extends ServiceError {
  constructor(
    override readonly field: 'poNumber' | 'requestItem',
    message: string,
  ) {
    super('invalid', message, field);
    this.name = 'PoFieldError';
  }
}

/**
 * Once the unit approved the manifest, the admin records the PO and the ITSM request item that
 * track the order (seed 001); the group becomes ordered. Recording again corrects them.
 */
export async function recordOrderGroupPo(
  ctx: ServiceContext,
  raw: RecordOrderGroupPoInput,
): Promise<OrderGroupManifest> {
  const parsed = RecordOrderGroupPoInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] === 'requestItem' ? 'requestItem' : 'poNumber';
    throw new PoFieldError(field, issue.message);
  }
  const input = parsed.data;
  await requireAdmin(ctx, input.actor, 'record purchase orders');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const group = await loadOrderGroup(tx, input.orderGroupId);
    if (group.status !== 'approved' && group.status !== 'ordered') {
      throw conflict(
        `Order group ${group.name} is ${orderGroupStatusPhrase(group.status)}: its PO is recorded once its approvers approve it.`,
      );
    }
    const [saved] = await tx
      .update(orderGroups)
      .set({ status: 'ordered', poNumber: input.poNumber, requestItem: input.requestItem })
      .where(and(eq(orderGroups.id, group.id), inArray(orderGroups.status, ['approved', 'ordered'])))
      .returning();
    if (!saved) throw conflict(`Order group ${group.name} changed meanwhile; nothing was changed.`);
    await recordAudit(
      tx,
      {
        entity: 'order_group',
        entityId: group.id,
        action: 'record_po',
        actor: input.actor,
        changes: {
          status: { from: group.status, to: 'ordered' },
          poNumber: { from: group.poNumber, to: input.poNumber },
          requestItem: { from: group.requestItem, to: input.requestItem },
        },
      },
      now,
    );
    return orderGroupManifest(tx, group.id);
  });
}
