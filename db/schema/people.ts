import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant } from './columns.js';

/** Users of systems and delegates, matched to Slack accounts by e-mail and remembered. */
export const people = sqliteTable('people', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name'),
  slackUserId: text('slack_user_id').unique(),
  slackLookedUpAt: instant('slack_looked_up_at'),
});
