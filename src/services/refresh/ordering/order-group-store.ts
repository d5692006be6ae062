import { desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { orderGroups } from '../../../../db/schema/index.js';
import type { ManifestLine } from '../../../domain/refresh/notices.js';
import { notFound } from '../../errors.js';

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
  byId: prepared(
    db
      .select()
      .from(orderGroups)
      .where(eq(orderGroups.id, sql.placeholder('id'))),
    'refresh-order-group-by-id',
  ),
  byName: prepared(
    db
      .select()
      .from(orderGroups)
      .where(sql`lower(${orderGroups.name}) = lower(${sql.placeholder('name')})`)
      .limit(1),
    'refresh-order-group-by-name',
  ),
}));

// Canceled tickets leave the cart; every other status (ordered, assigned, delivered) stays in it.
const live = (groupId: number) => sql`t.order_group_id = ${groupId} and t.status <> 'canceled'`;

/** The group named or numbered so (`12`, `#12` or its name, any case). */
export async function findOrderGroup(db: Db | Tx, ref: string | number): Promise<OrderGroupRow> {
  const s = statements(db as Db);
  const text = String(ref).trim();
  const id = /^#?\d+$/.test(text) ? Number(text.replace('#', '')) : undefined;
  const group =
    (id !== undefined ? (await s.byId.execute({ id }))[0] : undefined) ??
    (await s.byName.execute({ name: text }))[0];
  if (!group)
    throw notFound(`There is no order group “${text.slice(0, 80)}”. \`/otto order-group\` lists them.`);
  return group;
}

export async function loadOrderGroup(db: Db | Tx, id: number): Promise<OrderGroupRow> {
  const [group] = await statements(db as Db).byId.execute({ id });
  if (!group) throw notFound(`There is no order group #${id}.`);
  return group;
}

/** Approvers of every config that has a ticket in the group (configs have approvers; units do not). */
export async function orderGroupApprovers(db: Db | Tx, groupId: number): Promise<string[]> {
  const rows = await db.rows<{ slack_user_id: string }>(
    sql`select distinct ca.slack_user_id from config_approvers ca
        where ca.config_id in (select t.config_id from refresh_tickets t where t.order_group_id = ${groupId}
          and t.status <> 'canceled')
        order by ca.slack_user_id`,
  );
  return rows.map((r) => r.slack_user_id);
}

export async function orderGroupManifest(db: Db, groupId: number): Promise<OrderGroupManifest> {
  const group = await loadOrderGroup(db, groupId);
  const [counts] = await db.rows<{ total: number; pending: number }>(
    sql`select count(*) as total,
          coalesce(sum(case when t.status = 'pending_ordering' then 1 else 0 end), 0) as pending
        from refresh_tickets t where ${live(groupId)}`,
  );
  // Grouped by what is shown (PostgreSQL reads a bare `name` in group by as a column, not the alias).
  const models = await db.rows<ManifestLine>(
    sql`select coalesce(m.manufacturer || ' ' || m.name, 'No model chosen') as name, count(*) as count
        from refresh_tickets t left join models m on m.id = coalesce(t.chosen_model_id, t.proposed_model_id)
        where ${live(groupId)} group by coalesce(m.manufacturer || ' ' || m.name, 'No model chosen')
        order by count desc, name`,
  );
  const peripherals = await db.rows<ManifestLine>(
    sql`select p.name as name, sum(tp.quantity) as count
        from refresh_tickets t join ticket_peripherals tp on tp.ticket_id = t.id
        join peripherals p on p.id = tp.peripheral_id
        where ${live(groupId)} group by p.id, p.name order by count desc, name`,
  );
  const software = await db.rows<ManifestLine>(
    sql`select s.name as name, count(*) as count
        from refresh_tickets t join ticket_software ts on ts.ticket_id = t.id join software s on s.id = ts.software_id
        where ${live(groupId)} group by s.id, s.name order by count desc, name`,
  );
  const unit =
    group.unitId === null
      ? undefined
      : (await db.rows<{ name: string }>(sql`select name from units where id = ${group.unitId}`))[0];
  return {
    group,
    unitName: unit?.name ?? null,
    ticketCount: Number(counts?.total ?? 0),
    pendingOrdering: Number(counts?.pending ?? 0),
    models: models.map((line) => ({ ...line, count: Number(line.count) })),
    peripherals: peripherals.map((line) => ({ ...line, count: Number(line.count) })),
    software: software.map((line) => ({ ...line, count: Number(line.count) })),
    approvers: await orderGroupApprovers(db, groupId),
  };
}

export interface OrderGroupListItem {
  group: OrderGroupRow;
  ticketCount: number;
}

/** The latest groups first, with their live ticket counts. */
export function listOrderGroupRows(db: Db, limit: number): Promise<OrderGroupListItem[]> {
  return db
    .select({
      group: orderGroups,
      ticketCount:
        sql<number>`(select count(*) from refresh_tickets t where t.order_group_id = "order_groups"."id" and t.status <> 'canceled')`.mapWith(
          Number,
        ),
    })
    .from(orderGroups)
    .orderBy(desc(orderGroups.createdAt), desc(orderGroups.id))
    .limit(limit);
}
