import { sql } from 'drizzle-orm';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';
import { listOrderGroupRows, type OrderGroupListItem } from './order-group-store.js';

export interface OrderGroupList {
  groups: OrderGroupListItem[];
  /** Tickets waiting for ordering that no group holds. */
  ungrouped: number;
}

/** `/otto order-group`: the latest groups, and how many waiting tickets are in none. */
export async function listOrderGroups(
  ctx: ServiceContext,
  input: { actor: string },
): Promise<OrderGroupList> {
  await requireAdmin(ctx, SlackUserId.parse(input.actor), 'see order groups');
  const [row] = await ctx.db.rows<{ n: number }>(
    sql`select count(*) as n from refresh_tickets where status = 'pending_ordering' and order_group_id is null`,
  );
  return { groups: await listOrderGroupRows(ctx.db, 20), ungrouped: Number(row?.n ?? 0) };
}

export interface FilterChoice {
  id: number;
  name: string;
  tickets: number;
}

export interface OrderGroupFilterChoices {
  units: FilterChoice[];
  configs: FilterChoice[];
  models: FilterChoice[];
  ungrouped: number;
}

const maxChoices = 100;

/**
 * The filters the new-group form offers: only units, configs and models that have ungrouped
 * tickets waiting for ordering, most tickets first, at most 100 each (a static select's limit).
 */
export async function getOrderGroupFilterChoices(
  ctx: ServiceContext,
  input: { actor: string },
): Promise<OrderGroupFilterChoices> {
  await requireAdmin(ctx, SlackUserId.parse(input.actor), 'make order groups');
  const waiting = `from refresh_tickets t join refresh_configs c on c.id = t.config_id
    where t.status = 'pending_ordering' and t.order_group_id is null`;
  // Fixed text only (no input): grouped by the table's key, which PostgreSQL lets name its other columns.
  const choices = async (select: string, join: string, key: string) =>
    (
      await ctx.db.rows<FilterChoice>(
        sql.raw(
          `select ${select}, count(*) as tickets ${waiting.replace('where', `${join} where`)} and ${key} is not null
           group by ${key} order by tickets desc, name limit ${maxChoices}`,
        ),
      )
    ).map((choice) => ({ ...choice, tickets: Number(choice.tickets) }));
  const units = await choices('u.id as id, u.name as name', 'join units u on u.id = c.unit_id', 'u.id');
  const configs = await choices('c.id as id, c.name as name', '', 'c.id');
  const models = await choices(
    `m.id as id, m.manufacturer || ' ' || m.name as name`,
    'join models m on m.id = coalesce(t.chosen_model_id, t.proposed_model_id)',
    'm.id',
  );
  const [row] = await ctx.db.rows<{ n: number }>(sql.raw(`select count(*) as n ${waiting}`));
  return { units, configs, models, ungrouped: Number(row?.n ?? 0) };
}
