import { itsmTaskKinds, itsmTaskStatuses } from '../../src/domain/refresh/enums.js';
import { itsmTickets } from './itsm-tickets.js';
import { table } from './kit.js';

/** Tasks of the built-in ITSM adapter's tickets (depot build, NIT delivery, prestage). */
export const itsmTasks = table(
  'itsm_tasks',
  (c) => ({
    id: c.id(),
    itsmTicketId: c
      .integer('itsm_ticket_id')
      .notNull()
      .references(() => itsmTickets.id),
    kind: c.text('kind', { enum: itsmTaskKinds }).notNull(),
    title: c.text('title').notNull(),
    status: c.text('status', { enum: itsmTaskStatuses }).notNull().default('open'),
    dueAt: c.instant('due_at'),
    completedAt: c.instant('completed_at'),
    // Slack user id of whoever marked it done, or 'otto' when Otto closed it (Windows prestage).
    completedBy: c.text('completed_by'),
  }),
  (t, k) => [k.index('itsm_tasks_ticket_idx').on(t.itsmTicketId)],
);
