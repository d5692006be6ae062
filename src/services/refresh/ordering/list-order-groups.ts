import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';
import { sqliteOf } from '../../sqlite-of.js';
import { listOrderGroupRows, type OrderGroupListItem } from './order-group-store.js';

export interface OrderGroupList {
  groups: OrderGroupListItem[];
  /** Tickets waiting for ordering that no group holds. */
  ungrouped: number;
}

/** `/otto order-group`: the latest groups, and how many waiting tickets are in none. */
export function listOrderGroups(ctx: ServiceContext, input: { actor: string }): OrderGroupList {
  requireAdmin(ctx, SlackUserId.parse(input.actor), 'see order groups');
  const row = sqliteOf(ctx.db)
    .prepare(
      `select count(*) as n from refresh_tickets where status = 'pending_ordering' and order_group_id is null`,
    )
    .get() as { n: number };
  return { groups: listOrderGroupRows(ctx.db, 20), ungrouped: row.n };
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
export function getOrderGroupFilterChoices(
  ctx: ServiceContext,
  input: { actor: string },
): OrderGroupFilterChoices {
  requireAdmin(ctx, SlackUserId.parse(input.actor), 'make order groups');
  const sqlite = sqliteOf(ctx.db);
  const waiting = `from refresh_tickets t join refresh_configs c on c.id = t.config_id
    where t.status = 'pending_ordering' and t.order_group_id is null`;
  const choices = (select: string, join: string, key: string) =>
    sqlite
      .prepare<[], FilterChoice>(
        `select ${select}, count(*) as tickets ${waiting.replace('where', `${join} where`)} and ${key} is not null
         group by ${key} order by tickets desc, name limit ${maxChoices}`,
      )
      .all();
  const units = choices('u.id as id, u.name as name', 'join units u on u.id = c.unit_id', 'u.id');
  const configs = choices('c.id as id, c.name as name', '', 'c.id');
  const models = choices(
    `m.id as id, m.manufacturer || ' ' || m.name as name`,
    'join models m on m.id = coalesce(t.chosen_model_id, t.proposed_model_id)',
    'm.id',
  );
  const { n } = sqlite.prepare(`select count(*) as n ${waiting}`).get() as { n: number };
  return { units, configs, models, ungrouped: n };
}
