import { table } from './kit.js';

/** Support groups of the service desk (SPEC §4.1); exactly one is triage once the desk is set up. */
export const deskGroups = table('desk_groups', (c) => ({
  id: c.id(),
  name: c.text('name').notNull().unique(),
  /** Where the group's case cards are posted. */
  slackChannelId: c.text('slack_channel_id'),
  /** Gets the cases the dispatcher routes to the group without naming a person. */
  mainSlackUserId: c.text('main_slack_user_id'),
  isTriage: c.flag('is_triage').notNull().default(false),
  createdAt: c.instant('created_at').notNull(),
  updatedAt: c.instant('updated_at').notNull(),
}));
