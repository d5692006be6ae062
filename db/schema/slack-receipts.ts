import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant } from './columns.js';

/**
 * What Slack has delivered, so a delivery that comes again (a retry, a second copy, another
 * replica's connection) is handled once. The key is `event:<event_id>` for Events API events
 * and `view:<view id>:<view hash>` for modal submissions; housekeeping forgets old rows.
 */
export const slackReceipts = sqliteTable(
  'slack_receipts',
  {
    key: text('key').primaryKey(),
    receivedAt: instant('received_at').notNull(),
    // A submission's answer (JSON, 'null' for an empty ack) once given; a resent copy gets the same.
    answer: text('answer'),
  },
  (t) => [index('slack_receipts_received_idx').on(t.receivedAt)],
);
