import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { itsmTicketKinds, itsmTicketStatuses } from '../../src/domain/refresh/enums.js';
import { instant } from './columns.js';
import { refreshTickets } from './refresh-tickets.js';

/** Tickets of the built-in ITSM adapter (the default when TeamDynamix is not configured). */
export const itsmTickets = sqliteTable(
  'itsm_tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: itsmTicketKinds }).notNull(),
    refreshTicketId: integer('refresh_ticket_id').references(() => refreshTickets.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: itsmTicketStatuses }).notNull().default('open'),
    requestedBy: text('requested_by').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('itsm_tickets_refresh_idx').on(t.refreshTicketId)],
);
