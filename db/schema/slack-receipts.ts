import { table } from './kit.js';

/**
 * What Slack has delivered, so a delivery that comes again (a retry, a second copy, another
 * replica's connection) is handled once. The key is `event:<event_id>` for Events API events
 * and `view:<view id>:<view hash>` for modal submissions; housekeeping forgets old rows.
 */
export const slackReceipts = table(
  'slack_receipts',
  (c) => ({
    key: c.text('key').primaryKey(),
    receivedAt: c.instant('received_at').notNull(),
    // A submission's answer (JSON, 'null' for an empty ack) once given; a resent copy gets the same.
    answer: c.text('answer'),
  }),
  (t, k) => [k.index('slack_receipts_received_idx').on(t.receivedAt)],
);
