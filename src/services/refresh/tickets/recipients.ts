import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { configApprovers, people } from '../../../../db/schema/index.js';
import type { TicketRow } from './load-ticket.js';

export interface Recipient {
  personId: number;
  name: string | null;
  email: string;
  slackUserId: string | null;
}

/**
 * Who hears about a ticket: the delegate instead of the user when one is set (VIPs), and
 * nobody for no-customer tickets (SPEC §3).
 */
export function customerRecipient(
  tx: Db | Tx,
  ticket: Pick<TicketRow, 'style' | 'userId' | 'delegateId'>,
): Recipient | undefined {
  if (ticket.style === 'no_customer') return undefined;
  const personId = ticket.delegateId ?? ticket.userId;
  if (personId === null) return undefined;
  const person = tx.select().from(people).where(eq(people.id, personId)).get();
  if (!person) return undefined;
  return { personId: person.id, name: person.name, email: person.email, slackUserId: person.slackUserId };
}

/** The approvers named on a config, as Slack user ids. */
export function approversOf(tx: Db | Tx, configId: number): string[] {
  return tx
    .select({ id: configApprovers.slackUserId })
    .from(configApprovers)
    .where(eq(configApprovers.configId, configId))
    .all()
    .map((row) => row.id);
}
