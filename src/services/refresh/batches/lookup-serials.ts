import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { people, refreshTickets, systems } from '../../../../db/schema/index.js';
import { jsonArrayRows } from '../../../../db/sql.js';
import type { BatchLookupResult, RefreshStyle } from '../../../domain/refresh/enums.js';

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
  /** The user's Slack account; null when they have none (or no user). */
  userSlackUserId: string | null;
  /** The open ticket the system already has, if any. */
  openTicketId: number | null;
}

/** A serial whose system can get a ticket now, with what the ticket copies from it. */
export interface ReadySystem extends SerialFacts {
  systemId: number;
  /** Null only for no-customer tickets (labs, loaners), which need no user. */
  userId: number | null;
  groupId: number;
  supportTeamId: number;
}

/**
 * SPEC §2: a ticket needs a known system with a group and a support team, and no open ticket.
 * A user is needed only by tickets that have a customer (no-customer tickets are labs and
 * loaners); a user without a Slack account can still get a ticket, and hears by e-mail only.
 */
export function lookupResultOf(facts: SerialFacts): Exclude<BatchLookupResult, 'pending'> {
  if (facts.systemId === null) return 'unknown_serial';
  if (facts.openTicketId !== null) return 'open_ticket';
  if (facts.groupId === null) return 'no_group';
  if (facts.supportTeamId === null) return 'no_support_team';
  if (facts.userId === null) return 'no_user';
  if (facts.userSlackUserId === null) return 'no_slack_account';
  return 'ready';
}

/** Whether a serial with this lookup result gets a ticket of this style. */
export function creatableAs(result: BatchLookupResult, style: RefreshStyle): boolean {
  if (result === 'ready' || result === 'no_slack_account') return true;
  return result === 'no_user' && style === 'no_customer';
}

/** Lookup results that may get a ticket of some style: what "Create tickets" offers. */
export const creatableResults = [
  'ready',
  'no_slack_account',
  'no_user',
] as const satisfies readonly BatchLookupResult[];

export const isReady = (facts: SerialFacts, style: RefreshStyle): facts is ReadySystem =>
  creatableAs(lookupResultOf(facts), style);

/** Why a serial cannot get a ticket, as the end of a sentence that starts with the serial. */
export const lookupReasons: Record<BatchLookupResult, string> = {
  pending: 'was not looked up yet',
  ready: 'is ready',
  unknown_serial: 'is not in the inventory',
  no_group: 'has no group',
  no_user: 'has no user, so only a no-customer ticket (lab, loaner) can be made for it',
  no_support_team: 'has no support team',
  open_ticket: 'already has an open ticket',
  no_slack_account: 'has a user without a Slack account',
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
        userSlackUserId: people.slackUserId,
        openTicketId: refreshTickets.id,
      })
      .from(jsonArrayRows(sql.placeholder('serials')))
      .leftJoin(systems, eq(systems.serial, sql`j.value`))
      .leftJoin(people, eq(people.id, systems.userId))
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
