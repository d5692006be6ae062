import { roleNames } from '../../src/domain/enums.js';
import { table } from './kit.js';

export const roles = table(
  'roles',
  (c) => ({
    slackUserId: c.text('slack_user_id').notNull(),
    role: c.text('role', { enum: roleNames }).notNull(),
    // '' for global roles; the support team or group name for scoped ones.
    scope: c.text('scope').notNull().default(''),
    grantedBy: c.text('granted_by').notNull(),
    grantedAt: c.instant('granted_at').notNull(),
  }),
  (t, k) => [k.primaryKey({ columns: [t.slackUserId, t.role, t.scope] })],
);
