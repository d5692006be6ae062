import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { events, people, supportTeams } from '../../../../db/schema/index.js';
import type { CreateTicketInput } from '../../../itsm/port.js';
import { lookupEventKind } from '../lookup/last-lookups.js';
import type { TicketRow } from '../tickets/load-ticket.js';

const statements = preparedFor((db: Db | Tx) => ({
  person: prepared(
    db
      .select({ email: people.email, name: people.name })
      .from(people)
      .where(eq(people.id, sql.placeholder('id'))),
    'refresh-itsm-parties-person',
  ),
  team: prepared(
    db
      .select({ name: supportTeams.name, itsmGroup: supportTeams.itsmGroup })
      .from(supportTeams)
      .where(eq(supportTeams.id, sql.placeholder('id'))),
    'refresh-itsm-parties-team',
  ),
  lastLookup: prepared(
    db
      .select({ ok: events.ok, detail: events.detail })
      .from(events)
      .where(and(eq(events.ticketId, sql.placeholder('ticketId')), eq(events.kind, lookupEventKind)))
      .orderBy(desc(events.id))
      .limit(1),
    'refresh-itsm-parties-last-lookup',
  ),
}));

export type ItsmParties = Pick<CreateTicketInput, 'requestor' | 'supportTeam'>;

/**
 * Who an ITSM ticket about a refresh ticket is for and who works it: its requestor (the customer,
 * or `personId` when someone else asks) and the refresh ticket's support team. `known`: a person
 * the caller has read in the same transaction (the ticket's customer in its details), not read again.
 */
export async function itsmParties(
  tx: Db | Tx,
  ticket: Pick<TicketRow, 'userId' | 'supportTeamId'>,
  personId: number | null = ticket.userId,
  known?: { id: number; email: string; name: string | null } | null,
): Promise<ItsmParties> {
  const q = statements(tx);
  const [person] =
    personId === null ? [] : known?.id === personId ? [known] : await q.person.execute({ id: personId });
  const [team] = ticket.supportTeamId === null ? [] : await q.team.execute({ id: ticket.supportTeamId });
  return {
    ...(person ? { requestor: { email: person.email, ...(person.name ? { name: person.name } : {}) } } : {}),
    ...(team
      ? { supportTeam: { name: team.name, ...(team.itsmGroup ? { itsmGroup: team.itsmGroup } : {}) } }
      : {}),
  };
}

/**
 * The replacement to attach to the delivery's ITSM ticket, with the ITSM's asset id when the
 * ticket's last lookup found this very serial in TeamDynamix (the built-in desk's ids mean nothing
 * there); else the adapter looks it up.
 */
export async function itsmReplacement(
  tx: Db | Tx,
  ticketId: number,
  serial: string,
): Promise<NonNullable<CreateTicketInput['replacement']>> {
  const [last] = await statements(tx).lastLookup.execute({ ticketId });
  const detail = last?.ok ? (last.detail ?? {}) : {};
  const assetId =
    detail.found === true && detail.serial === serial && detail.adapter === 'teamdynamix' && detail.assetId
      ? String(detail.assetId)
      : undefined;
  return { serial, ...(assetId ? { assetId } : {}) };
}
