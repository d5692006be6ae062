import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { refreshTickets, systems } from '../../../../db/schema/index.js';
import { jsonArrayRows } from '../../../../db/sql.js';
import type { BatchLookupResult } from '../../../domain/refresh/enums.js';

/** What the inventory says about one serial: enough to decide whether a ticket can be made. */
export interface SerialFacts {
  serial: string;
  systemId: number | null;
  userId: number | null;
  groupId: number | null;
  supportTeamId: number | null;
  unitId: number | null;
  building: string | null;
  room: string | null;
  /** The open ticket the system already has, if any. */
  openTicketId: number | null;
}

/** A serial whose system can get a ticket now, with what the ticket copies from it. */
export interface ReadySystem extends SerialFacts {
  systemId: number;
  userId: number;
  groupId: number;
  supportTeamId: number;
}

/** SPEC §2: a ticket needs a known system with a group, a user and a support team, and no open ticket. */
export function lookupResultOf(facts: SerialFacts): Exclude<BatchLookupResult, 'pending'> {
  if (facts.systemId === null) return 'unknown_serial';
  if (facts.openTicketId !== null) return 'open_ticket';
  if (facts.groupId === null) return 'no_group';
  if (facts.userId === null) return 'no_user';
  if (facts.supportTeamId === null) return 'no_support_team';
  return 'ready';
}

export const isReady = (facts: SerialFacts): facts is ReadySystem => lookupResultOf(facts) === 'ready';

/** Why a serial cannot get a ticket, as the end of a sentence that starts with the serial. */
export const lookupReasons: Record<BatchLookupResult, string> = {
  pending: 'was not looked up yet',
  ready: 'is ready',
  unknown_serial: 'is not in the inventory',
  no_group: 'has no group',
  no_user: 'has no user',
  no_support_team: 'has no support team',
  open_ticket: 'already has an open ticket',
};

const statements = preparedFor((db) => ({
  // One statement for any number of serials: they travel as one JSON array. The open-ticket
  // join repeats the partial unique index's condition word for word, so the database uses that index.
  facts: prepared(
    db
      .select({
        serial: sql<string>`j.value`,
        systemId: systems.id,
        userId: systems.userId,
        groupId: systems.groupId,
        supportTeamId: systems.supportTeamId,
        unitId: systems.unitId,
        building: systems.building,
        room: systems.room,
        openTicketId: refreshTickets.id,
      })
      .from(jsonArrayRows(sql.placeholder('serials')))
      .leftJoin(systems, eq(systems.serial, sql`j.value`))
      .leftJoin(
        refreshTickets,
        and(
          eq(refreshTickets.existingSystemId, systems.id),
          sql`${refreshTickets.status} not in ('complete', 'canceled')`,
        ),
      )
      .orderBy(sql`j.key`),
    'refresh-lookup-serials-facts',
  ),
}));

/** Looks every serial up in the inventory with one query; the answer keeps the order given. */
export async function lookUpSerials(db: Db, serials: readonly string[]): Promise<SerialFacts[]> {
  if (serials.length === 0) return [];
  return statements(db).facts.execute({ serials: JSON.stringify(serials) });
}
