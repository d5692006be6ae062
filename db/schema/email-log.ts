import { mailTransports } from '../../src/domain/enums.js';
import { table } from './kit.js';
import { outbox } from './outbox.js';
import { refreshTickets } from './refresh-tickets.js';

/** Every e-mail sent, logged against its ticket or case. */
export const emailLog = table(
  'email_log',
  (c) => ({
    id: c.id(),
    outboxId: c
      .integer('outbox_id')
      .notNull()
      .unique()
      .references(() => outbox.id),
    ticketId: c.integer('ticket_id').references(() => refreshTickets.id),
    caseId: c.integer('case_id'),
    to: c.text('to').notNull(),
    subject: c.text('subject').notNull(),
    messageId: c.text('message_id').notNull(),
    transport: c.text('transport', { enum: mailTransports }).notNull(),
    sentAt: c.instant('sent_at').notNull(),
  }),
  (t, k) => [k.index('email_log_ticket_idx').on(t.ticketId), k.index('email_log_case_idx').on(t.caseId)],
);
