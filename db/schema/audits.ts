import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant } from './columns.js';
import { refreshTickets } from './refresh-tickets.js';

/** Otto's own changes: who changed what, from what, to what. Append-only. */
export const audits = sqliteTable(
  'audits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id').references(() => refreshTickets.id),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    changes: text('changes', { mode: 'json' }).$type<Record<string, { from: unknown; to: unknown }>>(),
    actor: text('actor').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [index('audits_ticket_idx').on(t.ticketId), index('audits_entity_idx').on(t.entity, t.entityId)],
);
