import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { eventSources } from '../../src/domain/enums.js';
import { flag, instant } from './columns.js';
import { refreshTickets } from './refresh-tickets.js';

/** Changes and calls that touch outside systems (ITSM, inventory) or come from them. Append-only. */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id').references(() => refreshTickets.id),
    source: text('source', { enum: eventSources }).notNull(),
    kind: text('kind').notNull(),
    ok: flag('ok').notNull().default(true),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: instant('at').notNull(),
  },
  (t) => [index('events_ticket_idx').on(t.ticketId)],
);
