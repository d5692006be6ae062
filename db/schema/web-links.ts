import { table } from './kit.js';

/**
 * The newest signed web link (SPEC §2: people outside Slack act from their e-mails) each person
 * holds for one action on one subject. Issuing a link gives the row a new nonce, so every older
 * link for the same action shows the current state instead of acting; housekeeping forgets rows
 * whose links have expired.
 */
export const webLinks = table(
  'web_links',
  (c) => ({
    /** The e-mail address the link was sent to, as the outbox row has it. */
    recipient: c.text('recipient').notNull(),
    subjectKind: c.text('subject_kind').notNull(),
    subjectId: c.integer('subject_id').notNull(),
    action: c.text('action').notNull(),
    nonce: c.text('nonce').notNull(),
    issuedAt: c.instant('issued_at').notNull(),
    expiresAt: c.instant('expires_at').notNull(),
  }),
  (t, k) => [
    k.primaryKey({ columns: [t.recipient, t.subjectKind, t.subjectId, t.action] }),
    k.index('web_links_expires_idx').on(t.expiresAt),
  ],
);
