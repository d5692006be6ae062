import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { refreshTickets } from '../../../../db/schema/index.js';
import { notFound } from '../../errors.js';

export type TicketRow = typeof refreshTickets.$inferSelect;

export async function loadTicket(tx: Db | Tx, ticketId: number): Promise<TicketRow> {
  const [ticket] = await tx.select().from(refreshTickets).where(eq(refreshTickets.id, ticketId)).limit(1);
  if (!ticket) throw notFound(`There is no refresh ticket #${ticketId}.`);
  return ticket;
}
