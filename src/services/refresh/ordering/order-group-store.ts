import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import {
  configBundlePeripherals,
  models,
  orderGroups,
  people,
  peripherals,
  refreshConfigs,
  refreshTickets,
  software,
  systems,
  ticketPeripherals,
  ticketSoftware,
} from '../../../../db/schema/index.js';
import type { ManifestTicket } from '../../../domain/refresh/manifest.js';
import type { ManifestLine } from '../../../domain/refresh/notices.js';
import { notFound } from '../../errors.js';
import { personName } from '../../notices/index.js';
import { ticketPlace } from '../tickets/ticket-place.js';

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
  /** One line per ticket, as the CSV file lists them: what to order for whom, and where it goes. */
  tickets: ManifestTicket[];
}

export type { ManifestTicket };

/** How a ticket's model reads in the manifest; SQL and TypeScript say it the same way. */
export const deviceToChooseLabel = 'Different device, not chosen yet';

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
  // Grouped by what is shown.
  // The device recorded for a different-device request wins; one asked for but not recorded yet
  // is counted as such, never as the proposed model the customer said was inadequate.
  const modelName = sql`case when t.ordered_model_id is null and t.different_device_requested = ${true}
          then ${deviceToChooseLabel}
          else coalesce(m.manufacturer || ' ' || m.name, 'No model chosen') end`;
  // Named in a subquery: its bound values would be new parameters in a `group by` of their own,
  // which PostgreSQL does not take for the same expression.
  const modelRows = await db.rows<ManifestLine>(
    sql`select shown.name as name, count(*) as count from (
          select ${modelName} as name
          from refresh_tickets t
          left join models m on m.id = coalesce(t.ordered_model_id, t.chosen_model_id, t.proposed_model_id)
          where ${live(groupId)}
        ) shown group by shown.name
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
    models: modelRows.map((line) => ({ ...line, count: Number(line.count) })),
    peripherals: peripherals.map((line) => ({ ...line, count: Number(line.count) })),
    software: software.map((line) => ({ ...line, count: Number(line.count) })),
    approvers: await orderGroupApprovers(db, groupId),
    tickets: await manifestTickets(db, groupId),
  };
}

const modelLabel = (m: { manufacturer: string; name: string } | undefined) =>
  m ? `${m.manufacturer} ${m.name}` : null;

const counted = (quantity: number, name: string) => (quantity > 1 ? `${quantity} × ${name}` : name);

/** The group's live tickets, one line each, with what differs from their config. */
async function manifestTickets(db: Db, groupId: number): Promise<ManifestTicket[]> {
  const rows = await db
    .select({
      ticket: refreshTickets,
      serial: systems.serial,
      user: { name: people.name, email: people.email },
      unitSpecifiedLocation: refreshConfigs.unitSpecifiedLocation,
    })
    .from(refreshTickets)
    .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
    .innerJoin(refreshConfigs, eq(refreshConfigs.id, refreshTickets.configId))
    .leftJoin(people, eq(people.id, refreshTickets.userId))
    .where(sql`${refreshTickets.orderGroupId} = ${groupId} and ${refreshTickets.status} <> 'canceled'`)
    .orderBy(asc(refreshTickets.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.ticket.id);
  const configIds = [...new Set(rows.map((r) => r.ticket.configId))];
  const modelIds = [
    ...new Set(
      rows.flatMap((r) => [r.ticket.orderedModelId, r.ticket.chosenModelId, r.ticket.proposedModelId]),
    ),
  ].filter((id): id is number => id !== null);
  const modelById = new Map(
    (modelIds.length
      ? await db
          .select({ id: models.id, manufacturer: models.manufacturer, name: models.name })
          .from(models)
          .where(inArray(models.id, modelIds))
      : []
    ).map((m) => [m.id, m]),
  );
  const chosenPeripherals = await db
    .select({
      ticketId: ticketPeripherals.ticketId,
      id: peripherals.id,
      name: peripherals.name,
      quantity: ticketPeripherals.quantity,
    })
    .from(ticketPeripherals)
    .innerJoin(peripherals, eq(peripherals.id, ticketPeripherals.peripheralId))
    .where(inArray(ticketPeripherals.ticketId, ids))
    .orderBy(asc(peripherals.name));
  const bundles = await db
    .select({
      configId: configBundlePeripherals.configId,
      id: peripherals.id,
      name: peripherals.name,
      quantity: configBundlePeripherals.quantity,
    })
    .from(configBundlePeripherals)
    .innerJoin(peripherals, eq(peripherals.id, configBundlePeripherals.peripheralId))
    .where(inArray(configBundlePeripherals.configId, configIds));
  const chosenSoftware = await db
    .select({ ticketId: ticketSoftware.ticketId, name: software.name })
    .from(ticketSoftware)
    .innerJoin(software, eq(software.id, ticketSoftware.softwareId))
    .where(inArray(ticketSoftware.ticketId, ids))
    .orderBy(asc(software.name));

  return rows.map(({ ticket, serial, user, unitSpecifiedLocation }) => {
    const proposed = modelLabel(modelById.get(ticket.proposedModelId ?? 0));
    const chosen = modelLabel(modelById.get(ticket.chosenModelId ?? 0));
    const ordered = modelLabel(modelById.get(ticket.orderedModelId ?? 0));
    const deviceToChoose = ticket.differentDeviceRequested && ordered === null;
    const model = deviceToChoose ? null : (ordered ?? chosen ?? proposed);
    const differences: string[] = [];
    if (ticket.differentDeviceRequested) {
      const why = ticket.differentDeviceReason?.trim();
      differences.push(
        `${proposed ?? 'the proposed model'} found inadequate${why ? ` (“${why}”)` : ''}: ${
          ordered ? `${ordered} chosen instead` : 'device not chosen yet'
        }`,
      );
    } else if (model !== null && model !== proposed) {
      differences.push(`${model} instead of the proposed ${proposed ?? 'model'}`);
    }
    const mine = chosenPeripherals.filter((p) => p.ticketId === ticket.id);
    const bundle = bundles.filter((b) => b.configId === ticket.configId);
    const added = mine.filter((p) => !bundle.some((b) => b.id === p.id && b.quantity === p.quantity));
    const dropped = bundle.filter((b) => !mine.some((p) => p.id === b.id));
    if (added.length > 0) {
      differences.push(
        `peripherals beyond the bundle: ${added.map((p) => counted(p.quantity, p.name)).join(', ')}`,
      );
    }
    if (dropped.length > 0) {
      differences.push(
        `left out of the bundle: ${dropped.map((b) => counted(b.quantity, b.name)).join(', ')}`,
      );
    }
    const soft = chosenSoftware.filter((x) => x.ticketId === ticket.id).map((x) => x.name);
    if (soft.length > 0) differences.push(`software requested: ${soft.join(', ')}`);
    return {
      id: ticket.id,
      serial,
      user: user ? personName(user) : null,
      style: ticket.style,
      shipTo: ticketPlace(ticket, unitSpecifiedLocation) ?? null,
      model,
      deviceToChoose,
      peripherals: mine.map((p) => counted(p.quantity, p.name)),
      software: soft,
      differences,
    };
  });
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
