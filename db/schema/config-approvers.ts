import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { refreshConfigs } from './refresh-configs.js';

export const configApprovers = sqliteTable(
  'config_approvers',
  {
    configId: integer('config_id')
      .notNull()
      .references(() => refreshConfigs.id, { onDelete: 'cascade' }),
    slackUserId: text('slack_user_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.configId, t.slackUserId] }),
    index('config_approvers_user_idx').on(t.slackUserId),
  ],
);
