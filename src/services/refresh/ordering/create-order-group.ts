import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { insertRows } from '../../../../db/bulk.js';
import { audits, orderGroups } from '../../../../db/schema/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';

export const OrderGroupFilters = z.object({
  unitId: z.number().int().positive().optional(),
  configId: z.number().int().positive().optional(),
  /** The model the ticket will get: the one recorded for a different device, else the chosen, else the proposed one. */
  modelId: z.number().int().positive().optional(),
});
export type OrderGroupFilters = z.infer<typeof OrderGroupFilters>;

export const CreateOrderGroupInput = OrderGroupFilters.extend({
  actor: SlackUserId,
  name: z
    .string()
    .trim()
    .min(1, { error: 'Give the order group a name.' })
    .max(80, { error: 'Use at most 80 characters.' }),
});
export type CreateOrderGroupInput = z.input<typeof CreateOrderGroupInput>;

export interface CreatedOrderGroup {
  groupId: number;
  name: string;
  ticketCount: number;
}

/** An `invalid` answer that belongs beside one field of the new-group form. */
export class OrderGroupFieldError extends ServiceError {
  constructor(
    override readonly field: 'name' | 'filters',
    message: string,
  ) {
    super('invalid', message, field);
    this.name = 'OrderGroupFieldError';
  }
}

interface Filters {
  unitId: number | null;
  configId: number | null;
  modelId: number | null;
}

// Tickets waiting for ordering that no group holds yet, narrowed by the filters given (null: any).
// A filter not given is left out of the statement: PostgreSQL cannot type a bare `$1 is null`.
const matching = ({ unitId, configId, modelId }: Filters) =>
  sql`t.status = 'pending_ordering' and t.order_group_id is null${
    unitId === null ? sql`` : sql` and c.unit_id = ${unitId}`
  }${configId === null ? sql`` : sql` and t.config_id = ${configId}`}${
    modelId === null
      ? sql``
      : sql` and coalesce(t.ordered_model_id, t.chosen_model_id, t.proposed_model_id) = ${modelId}`
  }`;

/**
 * Groups the `pending_ordering` tickets that match the filters and belong to no group yet into
 * a new order group (SPEC §2.4), in one transaction: a set-based guarded update (only tickets
 * still waiting and ungrouped move) and one audit row per ticket.
 */
export async function createOrderGroup(
  ctx: ServiceContext,
  raw: CreateOrderGroupInput,
): Promise<CreatedOrderGroup> {
  const parsed = CreateOrderGroupInput.safeParse(raw);
  if (!parsed.success) {
    throw new OrderGroupFieldError('name', parsed.error.issues.map((i) => i.message).join(' '));
  }
  const input = parsed.data;
  await requireAdmin(ctx, input.actor, 'make order groups');
  const now = ctx.clock.now();
  const params: Filters = {
    unitId: input.unitId ?? null,
    configId: input.configId ?? null,
    modelId: input.modelId ?? null,
  };
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: orderGroups.id })
      .from(orderGroups)
      .where(sql`lower(${orderGroups.name}) = lower(${input.name})`)
      .limit(1);
    if (taken)
      throw new OrderGroupFieldError(
        'name',
        `There is already an order group named “${input.name}”; pick another name.`,
      );
    const units = await tx.rows<{ unitId: number | null }>(
      sql`select distinct c.unit_id as "unitId" from refresh_tickets t join refresh_configs c on c.id = t.config_id
          where ${matching(params)}`,
    );
    if (units.length === 0) {
      throw new OrderGroupFieldError(
        'filters',
        'No ticket waiting for ordering matches those filters (or they are all in a group already).',
      );
    }
    const unitId = input.unitId ?? (units.length === 1 ? (units[0]?.unitId ?? null) : null);
    const [group] = (await tx
      .insert(orderGroups)
      .values({ name: input.name, unitId, createdBy: input.actor, createdAt: now })
      .returning()) as [typeof orderGroups.$inferSelect];
    const moved = await tx.rows<{ id: number }>(
      sql`update refresh_tickets set order_group_id = ${group.id}, updated_at = ${now}
          where id in (select t.id from refresh_tickets t join refresh_configs c on c.id = t.config_id
            where ${matching(params)})
          returning id`,
    );
    const rows = moved.map(({ id }) => ({
      ticketId: id,
      entity: 'refresh_ticket',
      entityId: String(id),
      action: 'order_group',
      changes: { orderGroupId: { from: null, to: group.id } },
      actor: input.actor,
      at: now,
    }));
    await insertRows(tx, audits, rows);
    await recordAudit(
      tx,
      {
        entity: 'order_group',
        entityId: group.id,
        action: 'created',
        actor: input.actor,
        changes: { tickets: { from: null, to: moved.length }, filters: { from: null, to: params } },
      },
      now,
    );
    return { groupId: group.id, name: group.name, ticketCount: moved.length };
  });
}
