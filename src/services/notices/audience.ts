import { inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.js';
import { prepared, preparedFor } from '../../../db/prepared.js';
import { people } from '../../../db/schema/index.js';
import { personName } from '../../domain/naming.js';
import type { RefreshStyle } from '../../domain/refresh/enums.js';

/** A person as a notice reaches them. */
export interface NoticePerson {
  name: string | null;
  email: string;
  slackUserId: string | null;
}

/** Who reads a notice about a ticket, and for whom. */
export interface Audience {
  /** The customer, or their delegate. */
  recipient: NoticePerson;
  /** The customer's name when their delegate reads it for them. */
  onBehalfOf: string | undefined;
}

export interface HeardTicket {
  style: RefreshStyle;
  userId: number | null;
  delegateId: number | null;
}

/** The ticket's customer and delegate, as far as Otto knows them. */
export interface TicketPeople {
  user: NoticePerson | null | undefined;
  delegate: NoticePerson | null | undefined;
}

/**
 * Who hears about a ticket: the delegate instead of the user when one is set (VIPs), and nobody
 * for no-customer tickets (SPEC §3). Undefined when nobody does.
 */
export function audienceOf(
  ticket: Omit<HeardTicket, 'userId'>,
  { user, delegate }: TicketPeople,
): Audience | undefined {
  if (ticket.style === 'no_customer') return undefined;
  if (ticket.delegateId !== null) {
    return delegate ? { recipient: delegate, onBehalfOf: user ? personName(user) : undefined } : undefined;
  }
  return user ? { recipient: user, onBehalfOf: undefined } : undefined;
}

/**
 * `audienceOf` a ticket, reading its people unless the caller has them (e.g. in its details, or
 * a function that loads them: called only when someone may hear).
 */
export async function ticketAudience(
  tx: Db | Tx,
  ticket: HeardTicket,
  known?: TicketPeople | (() => TicketPeople | Promise<TicketPeople>),
): Promise<Audience | undefined> {
  if (ticket.style === 'no_customer') return undefined;
  const people = typeof known === 'function' ? await known() : (known ?? (await ticketPeople(tx, ticket)));
  return audienceOf(ticket, people);
}

// A ticket's customer and delegate in one prepared statement (an id not given is bound as null,
// which matches no one).
const statements = preparedFor((db: Db | Tx) => ({
  people: prepared(
    db
      .select({ id: people.id, name: people.name, email: people.email, slackUserId: people.slackUserId })
      .from(people)
      .where(inArray(people.id, [sql.placeholder('userId'), sql.placeholder('delegateId')])),
    'audience-ticket-people',
  ),
}));

async function ticketPeople(tx: Db | Tx, ticket: HeardTicket): Promise<TicketPeople> {
  const rows =
    ticket.userId === null && ticket.delegateId === null
      ? []
      : await statements(tx).people.execute({ userId: ticket.userId, delegateId: ticket.delegateId });
  const find = (id: number | null) => rows.find((row) => row.id === id);
  return { user: find(ticket.userId), delegate: find(ticket.delegateId) };
}

/**
 * What every view to this reader carries about them. A reader without a Slack account gets
 * e-mail only, which then names whom to contact (`contact`: the computer's support team).
 */
export function readerFields(audience: Audience, contact?: string | null) {
  return {
    recipientName: audience.recipient.name,
    onBehalfOf: audience.onBehalfOf,
    ...(audience.recipient.slackUserId
      ? {}
      : { outsideSlack: true, ...(contact ? { contact: contact.slice(0, 200) } : {}) }),
  };
}
