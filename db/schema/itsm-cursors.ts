import { table } from './kit.js';

/**
 * Where a run over many tickets (the ITSM state sync, the existence lookups) stopped: the next
 * run starts after this ticket and wraps around, so a run cut short by a rate limit or a
 * restart does not always spend its budget on the same tickets first.
 */
export const itsmCursors = table('itsm_cursors', (c) => ({
  name: c.text('name').primaryKey(),
  afterTicketId: c.integer('after_ticket_id').notNull(),
  updatedAt: c.instant('updated_at').notNull(),
}));
