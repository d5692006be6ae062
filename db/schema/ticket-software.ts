import { table } from './kit.js';
import { refreshTickets } from './refresh-tickets.js';
import { software } from './software.js';

export const ticketSoftware = table(
  'ticket_software',
  (c) => ({
    ticketId: c
      .integer('ticket_id')
      .notNull()
      .references(() => refreshTickets.id, { onDelete: 'cascade' }),
    softwareId: c
      .integer('software_id')
      .notNull()
      .references(() => software.id),
  }),
  (t, k) => [k.primaryKey({ columns: [t.ticketId, t.softwareId] })],
);
