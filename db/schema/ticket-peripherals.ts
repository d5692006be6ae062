import { table } from './kit.js';
import { peripherals } from './peripherals.js';
import { refreshTickets } from './refresh-tickets.js';

export const ticketPeripherals = table(
  'ticket_peripherals',
  (c) => ({
    ticketId: c
      .integer('ticket_id')
      .notNull()
      .references(() => refreshTickets.id, { onDelete: 'cascade' }),
    peripheralId: c
      .integer('peripheral_id')
      .notNull()
      .references(() => peripherals.id),
    quantity: c.integer('quantity').notNull().default(1),
  }),
  (t, k) => [k.primaryKey({ columns: [t.ticketId, t.peripheralId] })],
);
