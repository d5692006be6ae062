import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { platforms, systemStatuses } from '../../src/domain/refresh/enums.js';
import { instant } from './columns.js';
import { models } from './models.js';
import { people } from './people.js';
import { supportTeams } from './support-teams.js';
import { systemGroups } from './system-groups.js';
import { units } from './units.js';

export const systems = sqliteTable(
  'systems',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    serial: text('serial').notNull().unique(),
    name: text('name'),
    modelId: integer('model_id').references(() => models.id),
    platform: text('platform', { enum: platforms }),
    userId: integer('user_id').references(() => people.id),
    supportTeamId: integer('support_team_id').references(() => supportTeams.id),
    unitId: integer('unit_id').references(() => units.id),
    building: text('building'),
    room: text('room'),
    groupId: integer('group_id').references(() => systemGroups.id),
    status: text('status', { enum: systemStatuses }).notNull().default('active'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('systems_user_idx').on(t.userId), index('systems_support_team_idx').on(t.supportTeamId)],
);
