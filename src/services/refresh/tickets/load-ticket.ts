import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { refreshTickets } from '../../../../db/schema/index.js';
import { notFound } from '../../errors.js';

export type TicketRow = typeof refreshTickets.$inferSelect;

export function loadTicket(tx: Db | Tx, ticketId: number): TicketRow {
  const ticket = tx.select().from(refreshTickets).where(eq(refreshTickets.id, ticketId)).get();
  if (!ticket) throw notFound(`There is no refresh ticket #${ticketId}.`);
  return ticket;
}
