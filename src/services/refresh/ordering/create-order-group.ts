import { z } from 'zod';
import { orderGroups } from '../../../../db/schema/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';
import { sqliteOf } from '../../sqlite-of.js';

export const OrderGroupFilters = z.object({
  unitId: z.number().int().positive().optional(),
  configId: z.number().int().positive().optional(),
  /** The model the ticket will get: the chosen one, else the proposed one. */
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

// Tickets waiting for ordering that no group holds yet, narrowed by the filters given (null: any).
const matching = `t.status = 'pending_ordering' and t.order_group_id is null
  and (:unitId is null or c.unit_id = :unitId)
  and (:configId is null or t.config_id = :configId)
  and (:modelId is null or coalesce(t.chosen_model_id, t.proposed_model_id) = :modelId)`;

/**
 * Groups the `pending_ordering` tickets that match the filters and belong to no group yet into
 * a new order group (SPEC §2.4), in one transaction: a set-based guarded update (only tickets
 * still waiting and ungrouped move) and one audit row per ticket.
 */
export function createOrderGroup(ctx: ServiceContext, raw: CreateOrderGroupInput): CreatedOrderGroup {
  const parsed = CreateOrderGroupInput.safeParse(raw);
  if (!parsed.success) {
    throw new OrderGroupFieldError('name', parsed.error.issues.map((i) => i.message).join(' '));
  }
  const input = parsed.data;
  requireAdmin(ctx, input.actor, 'make order groups');
  const now = ctx.clock.now();
  const sqlite = sqliteOf(ctx.db);
  const params = {
    unitId: input.unitId ?? null,
    configId: input.configId ?? null,
    modelId: input.modelId ?? null,
  };
  return ctx.db.transaction(() => {
    const taken = sqlite
      .prepare('select id from order_groups where lower(name) = lower(?)')
      .get(input.name) as { id: number } | undefined;
    if (taken)
      throw new OrderGroupFieldError(
        'name',
        `There is already an order group named “${input.name}”; pick another name.`,
      );
    const units = sqlite
      .prepare<typeof params, { unitId: number | null }>(
        `select distinct c.unit_id as unitId from refresh_tickets t join refresh_configs c on c.id = t.config_id
         where ${matching}`,
      )
      .all(params);
    if (units.length === 0) {
      throw new OrderGroupFieldError(
        'filters',
        'No ticket waiting for ordering matches those filters (or they are all in a group already).',
      );
    }
    const unitId = input.unitId ?? (units.length === 1 ? (units[0]?.unitId ?? null) : null);
    const group = ctx.db
      .insert(orderGroups)
      .values({ name: input.name, unitId, createdBy: input.actor, createdAt: now })
      .returning()
      .get();
    const moved = sqlite
      .prepare<typeof params & { groupId: number; now: number }, { id: number }>(
        `update refresh_tickets set order_group_id = :groupId, updated_at = :now
         where id in (select t.id from refresh_tickets t join refresh_configs c on c.id = t.config_id where ${matching})
         returning id`,
      )
      .all({ ...params, groupId: group.id, now: now.getTime() });
    sqlite
      .prepare(
        `insert into audits (ticket_id, entity, entity_id, action, changes, actor, at)
         select value, 'refresh_ticket', cast(value as text), 'order_group', :changes, :actor, :at
         from json_each(:ids)`,
      )
      .run({
        ids: JSON.stringify(moved.map((r) => r.id)),
        changes: JSON.stringify({ orderGroupId: { from: null, to: group.id } }),
        actor: input.actor,
        at: now.getTime(),
      });
    recordAudit(
      ctx.db,
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
