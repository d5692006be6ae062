import { integer, primaryKey, sqliteTable } from 'drizzle-orm/sqlite-core';
import { peripherals } from './peripherals.js';
import { refreshTickets } from './refresh-tickets.js';

export const ticketPeripherals = sqliteTable(
  'ticket_peripherals',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => refreshTickets.id, { onDelete: 'cascade' }),
    peripheralId: integer('peripheral_id')
      .notNull()
      .references(() => peripherals.id),
    quantity: integer('quantity').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.peripheralId] })],
);
