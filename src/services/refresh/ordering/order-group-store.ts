import { desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { preparedFor } from '../../../../db/prepared.js';
import { orderGroups } from '../../../../db/schema/index.js';
import type { ManifestLine } from '../../../domain/refresh/notices.js';
import { notFound } from '../../errors.js';
import { sqliteOf } from '../../sqlite-of.js';

export type OrderGroupRow = typeof orderGroups.$inferSelect;

/** What an order group holds, counted for the shopping cart (seed 001). */
export interface OrderGroupManifest {
  group: OrderGroupRow;
  unitName: string | null;
  /** Tickets of the group that are not canceled. */
  ticketCount: number;
  /** Of those, how many still wait for their replacement. */
  pendingOrdering: number;
  models: ManifestLine[];
  peripherals: ManifestLine[];
  software: ManifestLine[];
  /** The approvers of the configs of the group's tickets: they give the final approval. */
  approvers: string[];
}

const statements = preparedFor((db) => ({
  byId: db
    .select()
    .from(orderGroups)
    .where(eq(orderGroups.id, sql.placeholder('id')))
    .prepare(),
  byName: db
    .select()
    .from(orderGroups)
    .where(sql`lower(${orderGroups.name}) = lower(${sql.placeholder('name')})`)
    .prepare(),
}));

// Canceled tickets leave the cart; every other status (ordered, assigned, delivered) stays in it.
const live = `t.order_group_id = ? and t.status <> 'canceled'`;

/** The group named or numbered so (`12`, `#12` or its name, any case). */
export function findOrderGroup(db: Db | Tx, ref: string | number): OrderGroupRow {
  const s = statements(db as Db);
  const text = String(ref).trim();
  const id = /^#?\d+$/.test(text) ? Number(text.replace('#', '')) : undefined;
  const group = (id !== undefined ? s.byId.get({ id }) : undefined) ?? s.byName.get({ name: text });
  if (!group)
    throw notFound(`There is no order group “${text.slice(0, 80)}”. \`/otto order-group\` lists them.`);
  return group;
}

export function loadOrderGroup(db: Db | Tx, id: number): OrderGroupRow {
  const group = statements(db as Db).byId.get({ id });
  if (!group) throw notFound(`There is no order group #${id}.`);
  return group;
}

/** Approvers of every config that has a ticket in the group (configs have approvers; units do not). */
export function orderGroupApprovers(db: Db | Tx, groupId: number): string[] {
  return db
    .all<{ slack_user_id: string }>(
      sql`select distinct ca.slack_user_id from config_approvers ca
          where ca.config_id in (select t.config_id from refresh_tickets t where t.order_group_id = ${groupId}
            and t.status <> 'canceled')
          order by ca.slack_user_id`,
    )
    .map((r) => r.slack_user_id);
}

export function orderGroupManifest(db: Db, groupId: number): OrderGroupManifest {
  const group = loadOrderGroup(db, groupId);
  const sqlite = sqliteOf(db);
  const counts = sqlite
    .prepare<[number], { total: number; pending: number }>(
      `select count(*) as total, coalesce(sum(t.status = 'pending_ordering'), 0) as pending
       from refresh_tickets t where ${live}`,
    )
    .get(groupId)!;
  const lines = (query: string) => sqlite.prepare<[number], ManifestLine>(query).all(groupId);
  const models = lines(
    `select coalesce(m.manufacturer || ' ' || m.name, 'No model chosen') as name, count(*) as count
     from refresh_tickets t left join models m on m.id = coalesce(t.chosen_model_id, t.proposed_model_id)
     where ${live} group by name order by count desc, name`,
  );
  const peripherals = lines(
    `select p.name as name, sum(tp.quantity) as count
     from refresh_tickets t join ticket_peripherals tp on tp.ticket_id = t.id
     join peripherals p on p.id = tp.peripheral_id
     where ${live} group by p.id order by count desc, name`,
  );
  const software = lines(
    `select s.name as name, count(*) as count
     from refresh_tickets t join ticket_software ts on ts.ticket_id = t.id join software s on s.id = ts.software_id
     where ${live} group by s.id order by count desc, name`,
  );
  const unit =
    group.unitId === null
      ? undefined
      : sqlite.prepare<[number], { name: string }>('select name from units where id = ?').get(group.unitId);
  return {
    group,
    unitName: unit?.name ?? null,
    ticketCount: counts.total,
    pendingOrdering: counts.pending,
    models,
    peripherals,
    software,
    approvers: orderGroupApprovers(db, groupId),
  };
}

export interface OrderGroupListItem {
  group: OrderGroupRow;
  ticketCount: number;
}

/** The latest groups first, with their live ticket counts. */
export function listOrderGroupRows(db: Db, limit: number): OrderGroupListItem[] {
  const rows = db
    .select({
      group: orderGroups,
      ticketCount: sql<number>`(select count(*) from refresh_tickets t where t.order_group_id = "order_groups"."id" and t.status <> 'canceled')`,
    })
    .from(orderGroups)
    .orderBy(desc(orderGroups.createdAt), desc(orderGroups.id))
    .limit(limit)
    .all();
  return rows;
}
