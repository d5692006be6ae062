import { itsmTicketKinds, itsmTicketStatuses } from '../../src/domain/refresh/enums.js';
import { table } from './kit.js';
import { refreshTickets } from './refresh-tickets.js';

/** Tickets of the built-in ITSM adapter (the default when TeamDynamix is not configured). */
export const itsmTickets = table(
  'itsm_tickets',
  (c) => ({
    id: c.id(),
    kind: c.text('kind', { enum: itsmTicketKinds }).notNull(),
    refreshTicketId: c.integer('refresh_ticket_id').references(() => refreshTickets.id),
    title: c.text('title').notNull(),
    body: c.text('body').notNull(),
    status: c.text('status', { enum: itsmTicketStatuses }).notNull().default('open'),
    requestedBy: c.text('requested_by').notNull(),
    createdAt: c.instant('created_at').notNull(),
    updatedAt: c.instant('updated_at').notNull(),
  }),
  (t, k) => [k.index('itsm_tickets_refresh_idx').on(t.refreshTicketId)],
);
