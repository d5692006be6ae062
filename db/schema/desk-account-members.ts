import { deskAccounts } from './desk-accounts.js';
import { table } from './kit.js';

/** The people of an account; the case form asks for the account only of those in more than one. */
export const deskAccountMembers = table(
  'desk_account_members',
  (c) => ({
    accountId: c
      .integer('account_id')
      .notNull()
      .references(() => deskAccounts.id, { onDelete: 'cascade' }),
    slackUserId: c.text('slack_user_id').notNull(),
  }),
  (t, k) => [
    k.primaryKey({ columns: [t.accountId, t.slackUserId] }),
    k.index('desk_account_members_user').on(t.slackUserId),
  ],
);
