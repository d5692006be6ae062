import { sql } from 'drizzle-orm';
import { type CsvValue, toCsv } from '../../../domain/csv.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';
import {
  deviceToChooseLabel,
  findOrderGroup,
  type ManifestTicket,
  type OrderGroupManifest,
  orderGroupManifest,
} from './order-group-store.js';

/** `/otto order-group <name|id>`: the group's manifest, for admins. */
export async function getOrderGroup(ctx: ServiceContext, input: { actor: string; group: string | number }) {
  await requireAdmin(ctx, SlackUserId.parse(input.actor), 'see order groups');
  return orderGroupManifest(ctx.db, (await findOrderGroup(ctx.db, input.group)).id);
}

/** The manifest's counts as CSV: one row per item with its kind and count. */
export function manifestCsv(manifest: OrderGroupManifest): string {
  const rows: CsvValue[][] = [['kind', 'item', 'count']];
  for (const line of manifest.models) rows.push(['model', line.name, line.count]);
  for (const line of manifest.peripherals) rows.push(['peripheral', line.name, line.count]);
  for (const line of manifest.software) rows.push(['software', line.name, line.count]);
  return toCsv(rows);
}

const shipToOrRoom = (t: ManifestTicket) => t.shipTo ?? '';

/**
 * The manifest as depot orders it: one line per ticket (serial, user, where it goes, the device
 * to order, peripherals, software, what differs from the config), and the counts.
 */
export function manifestCsvFiles(manifest: OrderGroupManifest): { tickets: string; counts: string } {
  const rows: CsvValue[][] = [
    [
      'ticket',
      'serial',
      'user',
      'ship_to_or_room',
      'model',
      'peripherals',
      'software',
      'differs_from_config',
    ],
  ];
  for (const t of manifest.tickets) {
    rows.push([
      t.id,
      t.serial,
      t.user ?? '',
      shipToOrRoom(t),
      t.model ?? deviceToChooseLabel,
      t.peripherals.join('; '),
      t.software.join('; '),
      t.differences.join('; '),
    ]);
  }
  return { tickets: toCsv(rows), counts: manifestCsv(manifest) };
}

/**
 * The existing serials of a group's tickets still waiting for ordering, one per line followed by
 * a space: the assignment form's starting text, for the admin to add each replacement.
 */
export async function waitingSerialsOf(ctx: ServiceContext, input: { actor: string; orderGroupId: number }) {
  await requireAdmin(ctx, SlackUserId.parse(input.actor), 'assign replacements');
  const group = await findOrderGroup(ctx.db, input.orderGroupId);
  const rows = await ctx.db.rows<{ serial: string }>(
    sql`select s.serial as serial from refresh_tickets t join systems s on s.id = t.existing_system_id
        where t.order_group_id = ${group.id} and t.status = 'pending_ordering' order by t.id`,
  );
  return { group, lines: rows.map((r) => `${r.serial} `).join('\n') };
}
