import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { itsmTaskKinds, itsmTaskStatuses } from '../../src/domain/refresh/enums.js';
import { instant } from './columns.js';
import { itsmTickets } from './itsm-tickets.js';

/** Tasks of the built-in ITSM adapter's tickets (depot build, NIT delivery, prestage). */
export const itsmTasks = sqliteTable(
  'itsm_tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itsmTicketId: integer('itsm_ticket_id')
      .notNull()
      .references(() => itsmTickets.id),
    kind: text('kind', { enum: itsmTaskKinds }).notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: itsmTaskStatuses }).notNull().default('open'),
    dueAt: instant('due_at'),
    completedAt: instant('completed_at'),
    // Slack user id of whoever marked it done, or 'otto' when Otto closed it (Windows prestage).
    completedBy: text('completed_by'),
  },
  (t) => [index('itsm_tasks_ticket_idx').on(t.itsmTicketId)],
);
