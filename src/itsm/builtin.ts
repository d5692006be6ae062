import type { Db } from '../../db/client.js';
import { itsmTickets } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { ItsmPort } from './port.js';

/** The built-in adapter: ITSM tickets are kept in Otto's own database. */
export function createBuiltinItsm(db: Db, clock: Clock): ItsmPort {
  return {
    name: 'builtin',
    async createTicket(request) {
      const now = clock.now();
      const row = db
        .insert(itsmTickets)
        .values({
          kind: request.kind,
          refreshTicketId: request.refreshTicketId ?? null,
          title: request.title,
          body: request.body,
          requestedBy: request.requestedBy,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: itsmTickets.id })
        .get();
      return { id: String(row.id) };
    },
  };
}
