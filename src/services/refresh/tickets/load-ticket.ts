import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { refreshTickets } from '../../../../db/schema/index.js';
import { notFound } from '../../errors.js';

export type TicketRow = typeof refreshTickets.$inferSelect;

const statements = preparedFor((db: Db | Tx) => ({
  ticket: prepared(
    db
      .select()
      .from(refreshTickets)
      .where(eq(refreshTickets.id, sql.placeholder('id'))),
    'load-ticket-by-id',
  ),
}));

export async function loadTicket(tx: Db | Tx, ticketId: number): Promise<TicketRow> {
  const [ticket] = await statements(tx).ticket.execute({ id: ticketId });
  if (!ticket) throw notFound(`There is no refresh ticket #${ticketId}.`);
  return ticket;
}
