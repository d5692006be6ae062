import { deskGroups } from './desk-groups.js';
import { table } from './kit.js';

/** The agents of a support group. */
export const deskGroupMembers = table(
  'desk_group_members',
  (c) => ({
    groupId: c
      .integer('group_id')
      .notNull()
      .references(() => deskGroups.id, { onDelete: 'cascade' }),
    slackUserId: c.text('slack_user_id').notNull(),
  }),
  (t, k) => [
    k.primaryKey({ columns: [t.groupId, t.slackUserId] }),
    k.index('desk_group_members_user').on(t.slackUserId),
  ],
);
