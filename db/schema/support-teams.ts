import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant } from './columns.js';

export const supportTeams = sqliteTable('support_teams', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  slackChannelId: text('slack_channel_id'),
  timeZone: text('time_zone').notNull().default('America/Detroit'),
  itsmGroup: text('itsm_group'),
  minFreeSlots: integer('min_free_slots').notNull().default(5),
  createdAt: instant('created_at').notNull(),
});
