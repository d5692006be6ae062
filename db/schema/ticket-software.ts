import { integer, primaryKey, sqliteTable } from 'drizzle-orm/sqlite-core';
import { refreshTickets } from './refresh-tickets.js';
import { software } from './software.js';

export const ticketSoftware = sqliteTable(
  'ticket_software',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => refreshTickets.id, { onDelete: 'cascade' }),
    softwareId: integer('software_id')
      .notNull()
      .references(() => software.id),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.softwareId] })],
);
