import { table } from './kit.js';
import { refreshConfigs } from './refresh-configs.js';

export const configApprovers = table(
  'config_approvers',
  (c) => ({
    configId: c
      .integer('config_id')
      .notNull()
      .references(() => refreshConfigs.id, { onDelete: 'cascade' }),
    slackUserId: c.text('slack_user_id').notNull(),
  }),
  (t, k) => [
    k.primaryKey({ columns: [t.configId, t.slackUserId] }),
    k.index('config_approvers_user_idx').on(t.slackUserId),
  ],
);
