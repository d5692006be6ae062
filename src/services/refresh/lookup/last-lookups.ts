import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { events, refreshTickets, systems } from '../../../../db/schema/index.js';

/** The kind of the `events` row every existence lookup writes (via `withItsmEvent`). */
export const lookupEventKind = 'itsm_lookup';

/** What the last existence lookup of a ticket found. */
export type LastLookup =
  | { outcome: 'found'; at: Date }
  | { outcome: 'not_found'; at: Date; reason: string }
  | { outcome: 'failed'; at: Date; error: string };

function toLastLookup(row: { ok: boolean; detail: Record<string, unknown> | null; at: Date }): LastLookup {
  const detail = row.detail ?? {};
  if (!row.ok) return { outcome: 'failed', at: row.at, error: String(detail.error ?? 'unknown error') };
  if (detail.found === true) return { outcome: 'found', at: row.at };
  return { outcome: 'not_found', at: row.at, reason: String(detail.reason ?? 'not found in ITSM') };
}

/** The latest lookup of each of the given tickets (tickets never looked up are absent). */
export async function lastLookups(
  db: Db | Tx,
  ticketIds: readonly number[],
): Promise<Map<number, LastLookup>> {
  const latest = new Map<number, LastLookup>();
  if (ticketIds.length === 0) return latest;
  const rows = await db
    .select({ ticketId: events.ticketId, ok: events.ok, detail: events.detail, at: events.at })
    .from(events)
    .where(and(eq(events.kind, lookupEventKind), inArray(events.ticketId, [...ticketIds])))
    .orderBy(desc(events.id));
  for (const row of rows) {
    if (row.ticketId !== null && !latest.has(row.ticketId)) latest.set(row.ticketId, toLastLookup(row));
  }
  return latest;
}

/** Of the given tickets, those whose replacement was only pasted, never imported or confirmed. */
export async function ticketsWithUnconfirmedReplacement(
  db: Db | Tx,
  ticketIds: readonly number[],
): Promise<Set<number>> {
  if (ticketIds.length === 0) return new Set();
  const rows = await db
    .select({ id: refreshTickets.id })
    .from(refreshTickets)
    .innerJoin(systems, eq(systems.id, refreshTickets.replacementSystemId))
    .where(and(inArray(refreshTickets.id, [...ticketIds]), eq(systems.unconfirmed, true)));
  return new Set(rows.map((row) => row.id));
}

/** Why a ticket still waits in `pending_itsm_existence`, in the words the Problems list shows. */
export function describeLookup(last: LastLookup | undefined): string {
  if (!last) return 'not looked up yet';
  switch (last.outcome) {
    case 'found':
      return 'found in ITSM; moving on';
    case 'not_found':
      return last.reason;
    case 'failed':
      return `ITSM unreachable: ${last.error}`;
  }
}
