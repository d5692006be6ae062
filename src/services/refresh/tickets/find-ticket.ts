import { and, asc, desc, eq, notInArray, or } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { refreshTickets, systems } from '../../../../db/schema/index.js';
import { closedRefreshStatuses } from '../../../domain/refresh/enums.js';
import { invalid, notFound } from '../../errors.js';
import { loadTicket, type TicketRow } from './load-ticket.js';

/**
 * Finds a ticket by what staff type: `12`, `#12`, or a serial (the existing or the replacement
 * system's); for a serial, its open ticket first, else the newest.
 */
export async function findTicket(tx: Db | Tx, ref: string): Promise<TicketRow> {
  const text = ref.trim();
  if (!text) throw invalid('Say which ticket: its number (e.g. `#12`) or a serial number.');
  const id = /^#?(\d{1,9})$/.exec(text)?.[1];
  if (id) return loadTicket(tx, Number(id));
  const [system] = await tx.select({ id: systems.id }).from(systems).where(eq(systems.serial, text)).limit(1);
  if (!system) throw notFound(`Otto knows no system with serial ${text.slice(0, 40)}.`);
  const onSystem = or(
    eq(refreshTickets.existingSystemId, system.id),
    eq(refreshTickets.replacementSystemId, system.id),
  );
  const [open] = await tx
    .select()
    .from(refreshTickets)
    .where(and(onSystem, notInArray(refreshTickets.status, [...closedRefreshStatuses])))
    .orderBy(asc(refreshTickets.id))
    .limit(1);
  const ticket =
    open ??
    (await tx.select().from(refreshTickets).where(onSystem).orderBy(desc(refreshTickets.id)).limit(1))[0];
  if (!ticket) throw notFound(`System ${text.slice(0, 40)} has no refresh ticket.`);
  return ticket;
}
