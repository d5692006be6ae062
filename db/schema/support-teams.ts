import { table } from './kit.js';

export const supportTeams = table('support_teams', (c) => ({
  id: c.id(),
  name: c.text('name').notNull().unique(),
  slackChannelId: c.text('slack_channel_id'),
  timeZone: c.text('time_zone').notNull().default('America/Detroit'),
  itsmGroup: c.text('itsm_group'),
  minFreeSlots: c.integer('min_free_slots').notNull().default(5),
  createdAt: c.instant('created_at').notNull(),
}));
