import { deskAccounts } from './desk-accounts.js';
import { table } from './kit.js';

/** An account's environments (seed 004: the tenant or reporting group a person's computer is in). */
export const deskEnvironments = table(
  'desk_environments',
  (c) => ({
    id: c.id(),
    accountId: c
      .integer('account_id')
      .notNull()
      .references(() => deskAccounts.id, { onDelete: 'cascade' }),
    name: c.text('name').notNull(),
  }),
  (t, k) => [k.uniqueIndex('desk_environments_account_name').on(t.accountId, t.name)],
);
