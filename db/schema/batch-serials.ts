import { batchLookupResults } from '../../src/domain/refresh/enums.js';
import { batches } from './batches.js';
import { table } from './kit.js';
import { refreshTickets } from './refresh-tickets.js';
import { systems } from './systems.js';

export const batchSerials = table(
  'batch_serials',
  (c) => ({
    id: c.id(),
    batchId: c
      .integer('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    serial: c.text('serial').notNull(),
    lineNo: c.integer('line_no').notNull(),
    lookupResult: c.text('lookup_result', { enum: batchLookupResults }).notNull().default('pending'),
    systemId: c.integer('system_id').references(() => systems.id),
    // Set once a ticket is created from this row, so creating twice creates nothing twice.
    ticketId: c.integer('ticket_id').references(() => refreshTickets.id),
  }),
  (t, k) => [k.uniqueIndex('batch_serials_batch_serial_uq').on(t.batchId, t.serial)],
);
