import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { roleNames } from '../../src/domain/enums.js';
import { instant } from './columns.js';

export const roles = sqliteTable(
  'roles',
  {
    slackUserId: text('slack_user_id').notNull(),
    role: text('role', { enum: roleNames }).notNull(),
    // '' for global roles; the support team or group name for scoped ones.
    scope: text('scope').notNull().default(''),
    grantedBy: text('granted_by').notNull(),
    grantedAt: instant('granted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.slackUserId, t.role, t.scope] })],
);
