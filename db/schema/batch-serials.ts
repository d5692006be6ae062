import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { batchLookupResults } from '../../src/domain/refresh/enums.js';
import { batches } from './batches.js';
import { refreshTickets } from './refresh-tickets.js';
import { systems } from './systems.js';

export const batchSerials = sqliteTable(
  'batch_serials',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    serial: text('serial').notNull(),
    lineNo: integer('line_no').notNull(),
    lookupResult: text('lookup_result', { enum: batchLookupResults }).notNull().default('pending'),
    systemId: integer('system_id').references(() => systems.id),
    // Set once a ticket is created from this row, so creating twice creates nothing twice.
    ticketId: integer('ticket_id').references(() => refreshTickets.id),
  },
  (t) => [uniqueIndex('batch_serials_batch_serial_uq').on(t.batchId, t.serial)],
);
