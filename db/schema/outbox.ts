import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { outboxChannels, outboxPayloadForms, outboxStatuses } from '../../src/domain/enums.js';
import { instant } from './columns.js';
import { refreshTickets } from './refresh-tickets.js';

/**
 * Notices waiting to be delivered. A row is written in the same transaction as the change
 * that causes it; the dispatcher delivers it afterwards. Delivered rows stay as the log of
 * what was sent.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: outboxChannels }).notNull(),
    // Slack user id (slack_dm), channel id (slack_channel) or e-mail address (email).
    recipient: text('recipient').notNull(),
    // The notice's kind (approved, slot_invitation, …), or the ITSM operation.
    notice: text('notice').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    // Rows from before notices travelled as data hold the rendered message: they default to it.
    payloadForm: text('payload_form', { enum: outboxPayloadForms }).notNull().default('rendered'),
    ticketId: integer('ticket_id').references(() => refreshTickets.id),
    // Service-desk cases arrive with their own issue; the column is ready for them.
    caseId: integer('case_id'),
    // Makes a notice that a job may compute twice (after a crash) be written once.
    dedupeKey: text('dedupe_key').unique(),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    claimedAt: instant('claimed_at'),
    lastError: text('last_error'),
    deliveredAt: instant('delivered_at'),
    // chat.postMessage channel:ts, or the e-mail Message-ID.
    deliveryRef: text('delivery_ref'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_ticket_idx').on(t.ticketId),
    index('outbox_case_idx').on(t.caseId),
  ],
);
