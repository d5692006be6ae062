import { outboxChannels, outboxPayloadForms, outboxStatuses } from '../../src/domain/enums.js';
import { table } from './kit.js';
import { refreshTickets } from './refresh-tickets.js';

/**
 * Notices waiting to be delivered. A row is written in the same transaction as the change
 * that causes it; the dispatcher delivers it afterwards. Delivered rows stay as the log of
 * what was sent.
 */
export const outbox = table(
  'outbox',
  (c) => ({
    id: c.id(),
    channel: c.text('channel', { enum: outboxChannels }).notNull(),
    // Slack user id (slack_dm), channel id (slack_channel) or e-mail address (email).
    recipient: c.text('recipient').notNull(),
    // The notice's kind (approved, slot_invitation, …), or the ITSM operation.
    notice: c.text('notice').notNull(),
    payload: c.json<Record<string, unknown>>('payload').notNull(),
    // Rows from before notices travelled as data hold the rendered message: they default to it.
    payloadForm: c.text('payload_form', { enum: outboxPayloadForms }).notNull().default('rendered'),
    ticketId: c.integer('ticket_id').references(() => refreshTickets.id),
    // The service-desk case the notice is about.
    caseId: c.integer('case_id'),
    // Makes a notice that a job may compute twice (after a crash) be written once.
    dedupeKey: c.text('dedupe_key').unique(),
    status: c.text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: c.integer('attempts').notNull().default(0),
    nextAttemptAt: c.instant('next_attempt_at').notNull(),
    claimedAt: c.instant('claimed_at'),
    lastError: c.text('last_error'),
    deliveredAt: c.instant('delivered_at'),
    // E-mails: a random key in the Message-ID, so a database started afresh never sends a
    // Message-ID a mail server has seen (rows from before it keep their old Message-ID).
    mailKey: c.text('mail_key'),
    // chat.postMessage channel:ts, or the e-mail Message-ID.
    deliveryRef: c.text('delivery_ref'),
    createdAt: c.instant('created_at').notNull(),
  }),
  (t, k) => [
    k.index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    k.index('outbox_ticket_idx').on(t.ticketId),
    k.index('outbox_case_idx').on(t.caseId),
    // A message event names its thread by channel:ts: the case whose card or DM that was.
    k.index('outbox_delivery_ref_idx').on(t.deliveryRef),
  ],
);
