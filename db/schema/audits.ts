import { table } from './kit.js';
import { refreshTickets } from './refresh-tickets.js';

/** Otto's own changes: who changed what, from what, to what. Append-only. */
export const audits = table(
  'audits',
  (c) => ({
    id: c.id(),
    ticketId: c.integer('ticket_id').references(() => refreshTickets.id),
    entity: c.text('entity').notNull(),
    entityId: c.text('entity_id').notNull(),
    action: c.text('action').notNull(),
    changes: c.json<Record<string, { from: unknown; to: unknown }>>('changes'),
    actor: c.text('actor').notNull(),
    at: c.instant('at').notNull(),
  }),
  (t, k) => [
    k.index('audits_ticket_idx').on(t.ticketId),
    k.index('audits_entity_idx').on(t.entity, t.entityId),
  ],
);
