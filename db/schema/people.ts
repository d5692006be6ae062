import { table } from './kit.js';

/** Users of systems and delegates, matched to Slack accounts by e-mail and remembered. */
export const people = table('people', (c) => ({
  id: c.id(),
  email: c.text('email').notNull().unique(),
  name: c.text('name'),
  slackUserId: c.text('slack_user_id').unique(),
  slackLookedUpAt: c.instant('slack_looked_up_at'),
}));
