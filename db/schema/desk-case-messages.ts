import { caseMessageSides } from '../../src/domain/desk/enums.js';
import { deskCases } from './desk-cases.js';
import { table } from './kit.js';

/**
 * The case's conversation: each message said by staff or by a requester, where it was said
 * (`sourceRef`, channel:ts in Slack or the e-mail's Message-ID) and the outbox rows that relayed
 * it, so an edit or a deletion follows it.
 */
export const deskCaseMessages = table(
  'desk_case_messages',
  (c) => ({
    id: c.id(),
    caseId: c
      .integer('case_id')
      .notNull()
      .references(() => deskCases.id),
    side: c.text('side', { enum: caseMessageSides }).notNull(),
    /** A `note:` from staff: stays in the case thread, never reaches the requester. */
    internal: c.flag('internal').notNull().default(false),
    authorSlackUserId: c.text('author_slack_user_id'),
    authorEmail: c.text('author_email'),
    authorName: c.text('author_name'),
    text: c.text('text').notNull(),
    sourceRef: c.text('source_ref'),
    /** The outbox ids of the relayed copies. */
    relayedAs: c.json<number[]>('relayed_as').notNull(),
    editedAt: c.instant('edited_at'),
    deletedAt: c.instant('deleted_at'),
    at: c.instant('at').notNull(),
  }),
  (t, k) => [
    k.index('desk_case_messages_case').on(t.caseId, t.at),
    k.uniqueIndex('desk_case_messages_source').on(t.sourceRef),
  ],
);
