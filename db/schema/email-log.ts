import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { mailTransports } from '../../src/domain/enums.js';
import { instant } from './columns.js';
import { outbox } from './outbox.js';
import { refreshTickets } from './refresh-tickets.js';

/** Every e-mail sent, logged against its ticket or case. */
export const emailLog = sqliteTable(
  'email_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    outboxId: integer('outbox_id')
      .notNull()
      .unique()
      .references(() => outbox.id),
    ticketId: integer('ticket_id').references(() => refreshTickets.id),
    caseId: integer('case_id'),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    messageId: text('message_id').notNull(),
    transport: text('transport', { enum: mailTransports }).notNull(),
    sentAt: instant('sent_at').notNull(),
  },
  (t) => [index('email_log_ticket_idx').on(t.ticketId), index('email_log_case_idx').on(t.caseId)],
);
