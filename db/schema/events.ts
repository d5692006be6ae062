import { eventSources } from '../../src/domain/enums.js';
import { table } from './kit.js';
import { refreshTickets } from './refresh-tickets.js';

/** Changes and calls that touch outside systems (ITSM, inventory) or come from them. Append-only. */
export const events = table(
  'events',
  (c) => ({
    id: c.id(),
    ticketId: c.integer('ticket_id').references(() => refreshTickets.id),
    source: c.text('source', { enum: eventSources }).notNull(),
    kind: c.text('kind').notNull(),
    ok: c.flag('ok').notNull().default(true),
    detail: c.json<Record<string, unknown>>('detail'),
    at: c.instant('at').notNull(),
  }),
  (t, k) => [k.index('events_ticket_idx').on(t.ticketId)],
);
